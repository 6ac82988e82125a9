import { cohorts, statements } from '../../../db/schema';

export const statementColumns = {
  id: statements.id,
  name: statements.name,
  cohort: cohorts.startYear,
  deadlineDate: statements.deadlineDate,
  paymentDate: statements.paymentDate,
  state: statements.state,
  createdAt: statements.createdAt,
  updatedAt: statements.updatedAt,
};

export interface StatementRecord {
  id: string;
  name: string;
  cohort: number;
  deadlineDate: string;
  paymentDate: string;
  state: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Only ECF statements exist here; any other `filter[type]` matches nothing. */
export const matchesStatementType = (type: string | undefined) => type === undefined || type.trim() === '' || type.trim() === 'ecf';
