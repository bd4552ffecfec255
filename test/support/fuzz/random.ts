/** A seeded random source (mulberry32): the same seed gives the same requests, so a failure replays. */
export interface Random {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** A string of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet?: string): string;
}

const WORD = 'abcdefghijklmnopqrstuvwxyz0123456789_-.';

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    chance: (p) => next() < p,
    text(length, alphabet = WORD) {
      // Long texts repeat a short random run: building a megabyte one character at a time is slow.
      const run = Array.from({ length: Math.min(length, 64) }, () => alphabet[int(alphabet.length)]).join('');
      return run.repeat(Math.ceil(length / Math.max(run.length, 1))).slice(0, length);
    },
  };
}
