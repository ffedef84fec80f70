/**
 * What the client tells a language server that has just (re)started about the database of
 * the editors: a restarted server (the user's Restart, or the languageclient's own restart
 * after a crash) knows only the connection it was started with. Plain function, no vscode.
 */

export interface ResendState {
  /** The connection of the active editor's binding, resolved now; undefined when it has none. */
  active: string | undefined;
  /** The connection last sent with `pgsight/setConnection`; undefined when none ever was. */
  lastSent: string | null | undefined;
  /** The connection the server was (re)started with (its initializationOptions). */
  startedWith: string | null | undefined;
}

/**
 * The connection to send after a (re)start, or undefined for none: the active editor's
 * binding, else the database last bound (the server's default for unbound editors); nothing
 * when no editor was ever bound (the server's start-up settings stand) or when the server
 * already started with it.
 */
export function connectionToResend(state: ResendState): string | null | undefined {
  const wanted = state.active ?? state.lastSent;
  if (wanted === undefined || wanted === state.startedWith) {
    return undefined;
  }
  return wanted;
}
