/**
 * The simulator's only source of chance: a seeded generator (mulberry32), so that a seed gives the
 * same call, the same people and the same decisions on every run. Each proposal and each reviewer
 * draws from a stream of its own (`stream`), so the order in which the driver handles them (and its
 * concurrency) changes nothing of what they decide.
 */
export interface Rng {
  /** In [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  /** A delay in days, roughly log-normal around `median` (never below `min`). */
  days(median: number, spread?: number, min?: number): number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: a stream's seed from the run's seed and its name. */
function hash(parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function rng(seed: number, ...stream: (string | number)[]): Rng {
  const next = mulberry32(hash([seed, ...stream]));
  const r: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    days: (median, spread = 0.6, min = 0) => {
      // Box-Muller: one normal draw, exponentiated.
      const u = Math.max(next(), 1e-9);
      const v = next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(min, Math.round(median * Math.exp(spread * z) * 10) / 10);
    },
  };
  return r;
}

export const stream = rng;
