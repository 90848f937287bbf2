import { describe, expect, it } from "vitest";
import { largestRemainderPercentages } from "./percentages.js";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("largestRemainderPercentages", () => {
  it("gives exact shares as they are", () => {
    expect(largestRemainderPercentages([60, 40])).toEqual([60, 40]);
    expect(largestRemainderPercentages([3, 1])).toEqual([75, 25]);
    expect(largestRemainderPercentages([0, 5, 0])).toEqual([0, 100, 0]);
  });

  it("hands the missing points to the largest remainders", () => {
    // 1/6 = 16.67, 2/6 = 33.33, 3/6 = 50: floors sum to 99, the largest remainder (16.67) gets the point.
    expect(largestRemainderPercentages([1, 2, 3])).toEqual([17, 33, 50]);
    // 2/7 = 28.57, 5/7 = 71.43: floors 28 + 71 = 99, .57 wins.
    expect(largestRemainderPercentages([2, 5])).toEqual([29, 71]);
  });

  it("breaks ties by order, so the same counts always round the same way", () => {
    expect(largestRemainderPercentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainderPercentages([1, 1, 1, 0, 1, 1, 1])).toEqual([17, 17, 17, 0, 17, 16, 16]);
    expect(largestRemainderPercentages([0, 1, 1, 1])).toEqual([0, 34, 33, 33]);
  });

  it("is all zeros when there is nobody to share out", () => {
    expect(largestRemainderPercentages([0, 0, 0])).toEqual([0, 0, 0]);
    expect(largestRemainderPercentages([])).toEqual([]);
  });

  it("always sums to exactly 100 and stays within a point of the exact share", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let round = 0; round < 500; round++) {
      const counts = Array.from({ length: 1 + (next() % 15) }, () => next() % (round % 2 ? 7 : 100_000));
      const total = sum(counts);
      const percentages = largestRemainderPercentages(counts);
      if (total === 0) {
        expect(percentages.every((value) => value === 0)).toBe(true);
        continue;
      }
      expect(sum(percentages), JSON.stringify(counts)).toBe(100);
      counts.forEach((count, index) => expect(Math.abs(percentages[index]! - (count * 100) / total)).toBeLessThan(1));
    }
  });

  it("refuses what is not a count", () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => largestRemainderPercentages([1, bad])).toThrow(RangeError);
  });
});
