import { describe, expect, it } from "vitest";
import { isoText } from "./scalars.js";

describe("isoText", () => {
  it("writes exactly what toISOString writes, across days, years and the edges of the four-digit years", () => {
    const times = [
      0, -1, 1, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000 /* 2000-02-29 */, 1_704_110_400_123,
      Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10_000, 0, 1), new Date("0000-01-01T00:00:00Z").getTime(),
      new Date("0000-01-01T00:00:00Z").getTime() - 1, -8.64e15, 8.64e15,
    ];
    for (let i = 0; i < 20_000; i++) times.push(Math.floor((i * 7_919_777_777) % 4e14) - 2e14);
    for (const time of times) expect(isoText(new Date(time))).toBe(new Date(time).toISOString());
  });
});
