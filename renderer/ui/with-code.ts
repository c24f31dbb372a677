/** The explanations usually name their code already; add it only when they do not. */
export const withCode = (message: string, code: string | null): string => (code && !message.includes(code) ? `${message} [${code}]` : message);
