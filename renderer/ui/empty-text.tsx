import type { ReactNode } from 'react';

/**
 * A table's empty text, blank until the first answer arrives: "No users yet" under a loading spinner
 * would claim something nobody knows yet.
 */
export const emptyText = (loadingFirst: boolean, text: ReactNode): ReactNode => (loadingFirst ? <span data-testid="loading-no-empty-text" /> : text);
