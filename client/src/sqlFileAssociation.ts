/**
 * The `files.associations` value written to the user's settings when they say yes to "open
 * .sql files as PostgreSQL": their own user-level associations plus `*.sql`, and nothing
 * else. The value VS Code reports from `get()` merges in the workspace's associations, which
 * must never leak into user settings (a repository would then decide how every other
 * project's files open). No vscode here.
 */
export function userAssociationsWithSql(userValue: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...(userValue ?? {}), '*.sql': 'postgres' };
}
