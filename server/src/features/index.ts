import type { Feature } from './feature';
import { statusFeature } from './status';
import { catalogFeature } from './catalog';

/** Every server feature, in registration order. Add one line per feature. */
export const features: readonly Feature[] = [
  statusFeature,
  catalogFeature,
];
