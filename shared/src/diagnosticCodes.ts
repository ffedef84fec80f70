/**
 * SQLSTATE codes pgsight reports as diagnostic `code`s: the ones PostgreSQL would raise, named
 * by PostgreSQL's condition names (errcodes.txt). Each has its check in
 * server/src/analysis/checks/<name>.ts.
 */
export const SqlState = {
  syntaxError: '42601',
  undefinedColumn: '42703',
  duplicateColumn: '42701',
  undefinedTable: '42P01',
  ambiguousColumn: '42702',
  undefinedFunction: '42883',
  duplicateAlias: '42712',
  ambiguousAlias: '42P09',
  invalidColumnReference: '42P10',
  featureNotSupported: '0A000',
  groupingError: '42803',
  windowingError: '42P20',
} as const;

export type SqlStateCode = (typeof SqlState)[keyof typeof SqlState];

/** Diagnostic `source` for everything the pgsight server reports. */
export const diagnosticSource = 'pgsight';
