/**
 * The simulator's own Poisson sampler (inversion from zero), independent of the planner's truncated tables so the
 * simulation does not share code with what it measures. λ above 500 is split in halves (a sum of Poissons is Poisson)
 * to keep `e^−λ` from underflowing.
 */
export function poisson(lambda: number, rnd: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 500) return poisson(lambda / 2, rnd) + poisson(lambda / 2, rnd);
  const u = rnd();
  let p = Math.exp(-lambda);
  let cdf = p;
  let d = 0;
  while (u > cdf && p > 0) {
    d++;
    p *= lambda / d;
    cdf += p;
  }
  return d;
}
