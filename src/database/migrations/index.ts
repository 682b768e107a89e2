import { InitialSchema1763719200000 } from './1763719200000-initial-schema.js';
import { EffectsDelivery1764000000000 } from './1764000000000-effects-delivery.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [InitialSchema1763719200000, EffectsDelivery1764000000000];
