/** SQLSTATE codes pgsight reports as diagnostic `code`s: the ones PostgreSQL would raise. */
export const SqlState = {
  syntaxError: '42601',
  undefinedColumn: '42703',
  undefinedTable: '42P01',
  ambiguousColumn: '42702',
  undefinedFunction: '42883',
  duplicateAlias: '42712',
  ambiguousAlias: '42P09',
  invalidColumnReference: '42P10',
} as const;

export type SqlStateCode = (typeof SqlState)[keyof typeof SqlState];

/** Diagnostic `source` for everything the pgsight server reports. */
export const diagnosticSource = 'pgsight';
