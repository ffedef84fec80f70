import type { Ctx } from './ctx';

/** A UI surface (tree, webview, docs, explain…) registers its views, commands and context keys. */
export interface Surface {
  readonly name: string;
  register(ctx: Ctx): void;
}
