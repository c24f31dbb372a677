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

/** Cell text that wraps, also long Chinese or unbroken ids (no spaces to break at), for fixed-layout tables. */
export const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/** A tag whose text may be long (a name, a chat): it wraps inside its cell instead of widening it. */
export const TAG_WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere', maxWidth: '100%' } as const;
