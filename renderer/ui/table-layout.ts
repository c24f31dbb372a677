import type { TableColumnsType } from 'antd';

/**
 * Column headers on one line (a narrow column would otherwise break Chinese headers character by
 * character), with the table scrolling inside its card instead of the page.
 */
export function nowrapHeaders<T>(columns: TableColumnsType<T>): TableColumnsType<T> {
  return columns.map((c) => ({ ...c, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }) }));
}

/** Wide tables scroll inside their own box: the page never scrolls sideways. */
export const TABLE_SCROLL = { x: 'max-content' } as const;
