import type { Feature } from './feature';
import { statusFeature } from './status';

/** Every server feature, in registration order. Add one line per feature. */
export const features: readonly Feature[] = [
  statusFeature,
];
