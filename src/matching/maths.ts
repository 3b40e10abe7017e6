/** Small numeric helpers shared by the matcher's learned parts. */

/** The logistic function: log-odds → probability. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Scores → probabilities, in place. */
export function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
}

/** Deterministic pseudo-random numbers in [0, 1): the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Shuffle in place (Fisher–Yates) with the given random numbers. */
export function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
