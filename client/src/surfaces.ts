import type { Surface } from './surface';
import { treeSurface } from './tree/treeSurface';
import { docsSurface } from './docs/docsSurface';
import { explainSurface } from './explain/explainSurface';
import { runSurface } from './run/runSurface';

/** Every surface of the client. Add one line per surface. */
export const surfaces: readonly Surface[] = [
  treeSurface,
  docsSurface,
  explainSurface,
  runSurface,
];
