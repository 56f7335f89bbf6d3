/**
 * A tiny L2-regularised logistic regression (no dependencies): features are standardised, then
 * the weights are fitted by Newton's method (iteratively reweighted least squares), which for a
 * few dozen features and a few thousand rows converges in a handful of steps, deterministically.
 */
/** A fitted linear model: standardisation and weights by feature, in `features` order. */
export interface LinearModel {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface TrainOptions {
  /** L2 penalty on the (standardised) weights, not on the bias. */
  readonly lambda: number;
  readonly iterations?: number;
  /** Per-row weights (default 1). */
  readonly rowWeights?: readonly number[];
}

export function trainLogistic(names: readonly string[], x: readonly (readonly number[])[], y: readonly number[], options: TrainOptions): LinearModel {
  const n = x.length;
  const d = names.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(1);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (const row of x) m += row[j]!;
    m /= Math.max(1, n);
    let v = 0;
    for (const row of x) v += (row[j]! - m) ** 2;
    const sd = Math.sqrt(v / Math.max(1, n));
    mean[j] = m;
    scale[j] = sd > 1e-9 ? sd : 1;
  }
  const z = x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
  // Parameters: w[0..d-1], bias at w[d].
  const w = new Array<number>(d + 1).fill(0);
  const rw = options.rowWeights ?? new Array<number>(n).fill(1);
  const total = rw.reduce((a, b) => a + b, 0) || 1;
  for (let it = 0; it < (options.iterations ?? 50); it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let s = w[d]!;
      for (let j = 0; j < d; j++) s += w[j]! * row[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const g = (rw[i]! * (p - y[i]!)) / total;
      const h = (rw[i]! * Math.max(p * (1 - p), 1e-6)) / total;
      for (let a = 0; a <= d; a++) {
        const xa = a === d ? 1 : row[a]!;
        grad[a]! += g * xa;
        for (let b = a; b <= d; b++) hess[a]![b]! += h * xa * (b === d ? 1 : row[b]!);
      }
    }
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) hess[a]![b] = hess[b]![a]!;
    for (let j = 0; j < d; j++) {
      grad[j]! += options.lambda * w[j]!;
      hess[j]![j]! += options.lambda;
    }
    hess[d]![d]! += 1e-9;
    const step = solve(hess, grad);
    let change = 0;
    for (let a = 0; a <= d; a++) {
      w[a]! -= step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < 1e-8) break;
  }
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return { features: [...names], mean: mean.map(round), scale: scale.map(round), weights: w.slice(0, d).map(round), bias: round(w[d]!) };
}

/** Solves a x = b by Gaussian elimination with partial pivoting (a is copied). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]! || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * out[k]!;
    out[r] = s / (m[r]![r]! || 1e-12);
  }
  return out;
}
