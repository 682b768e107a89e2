import { InitialSchema1763719200000 } from './1763719200000-initial-schema.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [InitialSchema1763719200000];
