/** A statement is open while declarations land on it, then payable (closed), then paid. */
export const statementStates = ['open', 'payable', 'paid'] as const;
export type StatementState = (typeof statementStates)[number];
