/** L2-regularised logistic regression by batch gradient descent; used to learn the matcher's two models. */
import { sigmoid } from '../matching/maths.js';

export interface LogisticSample {
  x: number[];
  y: number;
}

export interface LogisticFit {
  bias: number;
  weights: number[];
}

export function fitLogistic(samples: LogisticSample[], options: { epochs: number; rate?: number; l2?: number; balanced?: boolean }): LogisticFit {
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const n = samples[0]?.x.length ?? 0;
  const positives = samples.filter((s) => s.y === 1).length;
  const negatives = samples.length - positives;
  // Balanced: the few positives are not drowned by the many negatives.
  const weightOf = (y: number) =>
    !options.balanced ? 1 : y === 1 ? samples.length / (2 * Math.max(1, positives)) : samples.length / (2 * Math.max(1, negatives));
  const w = new Array<number>(n).fill(0);
  let bias = 0;
  for (let e = 0; e < options.epochs; e++) {
    const grad = new Array<number>(n).fill(0);
    let gb = 0;
    for (const s of samples) {
      let z = bias;
      for (let i = 0; i < n; i++) z += w[i]! * s.x[i]!;
      const g = (sigmoid(z) - s.y) * weightOf(s.y);
      for (let i = 0; i < n; i++) grad[i] = grad[i]! + g * s.x[i]!;
      gb += g;
    }
    for (let i = 0; i < n; i++) w[i] = w[i]! - rate * (grad[i]! / samples.length + l2 * w[i]!);
    bias -= rate * (gb / samples.length);
  }
  return { bias: Number(bias.toFixed(4)), weights: w.map((v) => Number(v.toFixed(4))) };
}
