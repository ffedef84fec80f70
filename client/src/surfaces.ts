import type { Ctx } from './ctx';
import { treeSurface } from './tree';
import { docsSurface } from './docs/docsSurface';
import { explainSurface } from './explain/explainSurface';

/** A UI surface (tree, webview, docs, explain…) registers its views, commands and context keys. */
export interface Surface {
  readonly name: string;
  register(ctx: Ctx): void;
}

/** Every surface of the client. Add one line per surface. */
export const surfaces: readonly Surface[] = [
  treeSurface,
  docsSurface,
  explainSurface,
];
