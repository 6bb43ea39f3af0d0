import { atOrBelow, higherPValue, median, uStatistic } from "../bench/minutes/stats";

// The benchmark's verdict for "p99 at or below Hocuspocus" (docs/decisions/013-benchmark-ties.md).
describe("benchmark statistics", () => {
  test("U counts the pairs where ours is higher, ties half", () => {
    expect(uStatistic([3, 5], [4])).toBe(1);
    expect(uStatistic([4, 4], [4, 1])).toBe(3);
  });

  test("the exact test: fully separated runs reach the smallest possible p", () => {
    // 5 against 5: C(10, 5) = 252 relabellings, one of which puts every higher value in ours.
    expect(higherPValue([6, 7, 8, 9, 10], [1, 2, 3, 4, 5])).toBeCloseTo(1 / 252, 10);
    expect(higherPValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toBe(1);
    // Identical runs: every relabelling ties, so nothing is shown.
    expect(higherPValue([5, 5, 5], [5, 5, 5])).toBe(1);
  });

  test("the exact test agrees with the Mann–Whitney table", () => {
    // n1 = n2 = 5, U = 21 (ours higher in 21 of 25 pairs). The null distribution of U counts 1, 1, 2, 3, 5 ways
    // for U = 0…4, and is symmetric: P(U ≥ 21) = P(U ≤ 4) = 12/252.
    expect(uStatistic([6, 7, 8, 9, 1.5], [1, 2, 3, 4, 5])).toBe(21);
    expect(higherPValue([6, 7, 8, 9, 1.5], [1, 2, 3, 4, 5])).toBeCloseTo(12 / 252, 10);
  });

  test("large samples use the normal approximation and stay in range", () => {
    const ours = Array.from({ length: 20 }, (_, i) => i + 0.5);
    const theirs = Array.from({ length: 20 }, (_, i) => i);
    const p = higherPValue(ours, theirs);
    expect(p).toBeGreaterThan(0.2);
    expect(p).toBeLessThan(0.5);
    expect(higherPValue(ours.map((x) => x + 100), theirs)).toBeLessThan(1e-6);
  });

  test("median", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2); // the lower middle run, as the table shows it
  });

  test("verdicts: below, tie, higher", () => {
    expect(atOrBelow([5.0, 5.1, 4.9], [5.2, 5.0, 5.3]).verdict).toBe("below");
    // The runs of 03/12/2026 11:00Z: our median 5.2 against 5.0, interleaved values.
    const tie = atOrBelow([5.2, 5.2, 5.9, 5.0, 4.8], [5.2, 5.3, 4.9, 5.0, 5.0]);
    expect(tie.verdict).toBe("tie");
    const higher = atOrBelow([6.1, 6.3, 6.2, 6.4, 6.5], [5.0, 5.1, 5.2, 5.3, 5.4]);
    expect(higher).toMatchObject({ verdict: "higher" });
    expect((higher as { p: number }).p).toBeCloseTo(1 / 252, 10);
    // Too few runs to test: a higher median is a miss.
    expect(atOrBelow([5.2, 5.3, 5.4], [5.0, 5.1, 5.2])).toMatchObject({ verdict: "higher", p: null });
  });
});
