/**
 * How the benchmark decides "ours at or below Hocuspocus" from repeated runs
 * (docs/decisions/013-benchmark-ties.md): each run's p99 is one observation;
 * the runs of the two servers alternate, so the machine's drift falls on both.
 */

/** Mann–Whitney U of `a` against `b`: pairs where a's value is higher, ties counting half. */
export function uStatistic(a: number[], b: number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

function combinations(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Every way of choosing `k` of `n` indices, as bit masks (n ≤ 30). */
function* masks(n: number, k: number): Generator<number> {
  if (k === 0) {
    yield 0;
    return;
  }
  // Gosper's hack: the next larger integer with the same number of set bits.
  let m = (1 << k) - 1;
  const limit = 1 << n;
  while (m < limit) {
    yield m;
    const low = m & -m;
    const ripple = m + low;
    m = (((ripple ^ m) >> 2) / low) | ripple;
  }
}

const EXACT_LIMIT = 1_000_000;

/**
 * One-sided p-value that `ours` is higher than `theirs`: the share of all
 * relabellings of the pooled runs whose U is at least the observed one (an
 * exact permutation test; ties are handled by the relabelling itself). Up to
 * a million relabellings are enumerated (15 runs each); beyond that, the
 * normal approximation of U is used.
 */
export function higherPValue(ours: number[], theirs: number[]): number {
  const n1 = ours.length;
  const n2 = theirs.length;
  if (!n1 || !n2) return NaN;
  const observed = uStatistic(ours, theirs);
  const pooled = [...ours, ...theirs];
  const n = n1 + n2;
  const total = combinations(n, n1);
  if (total <= EXACT_LIMIT && n <= 30) {
    let atLeast = 0;
    for (const mask of masks(n, n1)) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) (mask & (1 << i) ? a : b).push(pooled[i]);
      // U is a sum of halves: exact in floating point, so no tolerance is needed.
      if (uStatistic(a, b) >= observed) atLeast++;
    }
    return atLeast / total;
  }
  const mean = (n1 * n2) / 2;
  const sd = Math.sqrt((n1 * n2 * (n + 1)) / 12);
  const z = (observed - 0.5 - mean) / sd;
  return 1 - normalCdf(z);
}

function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7: plenty for a 5 % threshold.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The median run's value; with an even count the lower middle one, the run the results table shows (run.ts). */
export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1];
}

/** The significance below which "ours is higher" is taken as shown. */
export const ALPHA = 0.05;
/** Fewer runs than this per server cannot show a difference at ALPHA (3 against 3: the smallest p is 0.05). */
export const MIN_RUNS_FOR_TEST = 4;

export type AtOrBelow =
  | { verdict: "below"; ratio: number }
  | { verdict: "tie"; ratio: number; p: number }
  | { verdict: "higher"; ratio: number; p: number | null };

/**
 * "p99 at or below Hocuspocus" from each server's per-run p99s: below when
 * our median is not higher; otherwise a tie when the runs do not show ours
 * higher (one-sided exact test, p ≥ ALPHA, at least MIN_RUNS_FOR_TEST runs
 * each); otherwise higher.
 */
export function atOrBelow(ours: number[], theirs: number[]): AtOrBelow {
  const [mine, reference] = [median(ours), median(theirs)];
  const ratio = mine / reference;
  if (mine <= reference) return { verdict: "below", ratio };
  if (ours.length < MIN_RUNS_FOR_TEST || theirs.length < MIN_RUNS_FOR_TEST) return { verdict: "higher", ratio, p: null };
  const p = higherPValue(ours, theirs);
  return p >= ALPHA ? { verdict: "tie", ratio, p } : { verdict: "higher", ratio, p };
}
