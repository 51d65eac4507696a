import type { Aggregated } from './periods.ts';

/**
 * Poisson regression of per-period sales on log price ratio and time, `log E[y_t] = a + b·x_t + c·t`, fitted by
 * iteratively reweighted least squares (maximum likelihood), with the standard error of b from the Fisher information.
 */
export interface Fit {
  beta: [number, number, number];
  elasticityStdErr: number;
  iterations: number;
}

/** Poisson IRLS on centred covariates; returns β in the original coordinates, or null when singular or divergent. */
export function poissonFit(agg: Aggregated): Fit | null {
  const { x, y } = agg;
  const n = y.length;
  let xm = 0;
  let tm = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) {
    xm += x[i]! / n;
    tm += i / n;
    ym += y[i]! / n;
  }
  const beta = [Math.log(ym), 0, 0];
  let iterations = 0;
  let info: number[] = [];
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    const A = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const r = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const v = [1, x[i]! - xm, i - tm];
      const eta = beta[0]! + beta[1]! * v[1]! + beta[2]! * v[2]!;
      const mu = Math.exp(eta);
      const z = eta + (y[i]! - mu) / mu;
      for (let p = 0; p < 3; p++) {
        r[p]! += mu * v[p]! * z;
        for (let q = 0; q < 3; q++) A[p * 3 + q]! += mu * v[p]! * v[q]!;
      }
    }
    info = A;
    const next = solve3(A, r);
    if (!next?.every(Number.isFinite)) return null;
    const delta = Math.max(...next.map((b, i) => Math.abs(b - beta[i]!)));
    beta.splice(0, 3, ...next);
    if (delta < 1e-12) break;
    if (it === 100 && delta > 1e-6) return null;
  }
  const [a0, b, c] = beta as [number, number, number];
  const varB = solve3(info, [0, 1, 0])?.[1] ?? Number.NaN; // [I⁻¹]₁₁ at the last iterate
  return { beta: [a0 - b * xm - c * tm, b, c], elasticityStdErr: Math.sqrt(varB), iterations };
}

/** Pearson correlation of x_t with t: near ±1, price and time cannot be told apart. */
export function correlation(x: Float64Array): number {
  const n = x.length;
  let xm = 0;
  for (let i = 0; i < n; i++) xm += x[i]! / n;
  const tm = (n - 1) / 2;
  let sxt = 0;
  let sxx = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    sxt += (x[i]! - xm) * (i - tm);
    sxx += (x[i]! - xm) ** 2;
    stt += (i - tm) ** 2;
  }
  return sxx === 0 || stt === 0 ? 0 : sxt / Math.sqrt(sxx * stt);
}

/** Solves a 3×3 system by Gaussian elimination with partial pivoting; null when (nearly) singular. */
function solve3(A: number[], r: number[]): number[] | null {
  const M = [0, 1, 2].map((i) => [A[i * 3]!, A[i * 3 + 1]!, A[i * 3 + 2]!, r[i]!]);
  const scale = Math.max(...A.map(Math.abs));
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let i = col + 1; i < 3; i++) if (Math.abs(M[i]![col]!) > Math.abs(M[piv]![col]!)) piv = i;
    if (Math.abs(M[piv]![col]!) <= 1e-10 * scale) return null;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    for (let i = col + 1; i < 3; i++) {
      const f = M[i]![col]! / M[col]![col]!;
      for (let k = col; k < 4; k++) M[i]![k]! -= f * M[col]![k]!;
    }
  }
  const out = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let s = M[i]![3]!;
    for (let k = i + 1; k < 3; k++) s -= M[i]![k]! * out[k]!;
    out[i] = s / M[i]![i]!;
  }
  return out;
}
