// The money formulas: their properties, and that each SQL form computes what its TypeScript form does
// (run on an in-memory PGlite over generated rows).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { sql, type SQL } from "drizzle-orm";
import {
  bonusReach,
  bonusReachSql,
  engagements,
  engagementsSql,
  cpmUnits,
  cpmUnitsSql,
  earnedCents,
  earningsSumsSql,
  effectiveCpmCents,
  fullyPaidCentsSql,
  fundFromEscrow,
  moneyStreams,
  moneyStreamsOfSums,
  payableCents,
  payableCentsSql,
} from "./money.js";

let client: PGlite;
let db: ReturnType<typeof drizzle>;
beforeAll(async () => {
  client = await PGlite.create();
  db = drizzle(client);
});
afterAll(() => client?.close());

const rowsOf = async <T>(statement: SQL) => (await db.execute(statement)).rows as T[];

/** accrued ≥ blocked + paid, as submission_earnings' CHECK keeps them. */
const earningsRow = fc
  .tuple(fc.nat({ max: 1e12 }), fc.nat({ max: 1e12 }), fc.nat({ max: 1e12 }))
  .map(([blocked, paid, payable]) => ({ accruedCents: blocked + paid + payable, blockedCents: blocked, paidCents: paid }));

describe("earnedCents", () => {
  it("is the flat fee plus floor(units × CPM / 1000), exactly", () => {
    expect(earnedCents(12_000, 600, 38_123)).toBe(12_000 + 22_873);
    expect(earnedCents(0, 7, 142)).toBe(0); // 0.994 cents
    expect(earnedCents(0, 1, 9_007_199_254_740_991)).toBe(9_007_199_254_740);
    expect(() => earnedCents(0, 1_000_000, 9_999_999_999_999_999)).toThrow();
  });

  it("never drifts: the steps of a growing high-water mark add up to the total of its last value", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 10_000 }), fc.array(fc.nat({ max: 5_000 }), { maxLength: 60 }), (flat, cpm, growth) => {
        let units = 0;
        let accrued = 0;
        for (const step of growth) {
          units += step;
          const delta = earnedCents(flat, cpm, units) - accrued;
          expect(delta).toBeGreaterThanOrEqual(0);
          accrued += delta;
        }
        expect(accrued).toBe(growth.length ? earnedCents(flat, cpm, units) : 0);
      }),
    );
  });
});

describe("fundFromEscrow", () => {
  it("funds what escrow covers and blocks the rest", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.nat({ max: 1e12 }), (owed, escrow) => {
        const { fundedCents, blockedCents } = fundFromEscrow(owed, escrow);
        expect(fundedCents + blockedCents).toBe(owed);
        expect(fundedCents).toBe(Math.min(owed, escrow));
        expect(blockedCents > 0).toBe(owed > escrow);
      }),
    );
  });
});

describe("moneyStreams", () => {
  it("keeps accrued = paid + blocked + payable, and names the reason exactly when something is blocked", () => {
    fc.assert(
      fc.property(earningsRow, (row) => {
        const streams = moneyStreams(row);
        expect(streams.paidCents + streams.blockedCents + streams.payableCents).toBe(row.accruedCents);
        expect(streams.payableCents).toBeGreaterThanOrEqual(0);
        expect(streams.blockedReason).toBe(row.blockedCents > 0 ? "INSUFFICIENT_ESCROW" : null);
      }),
    );
    expect(moneyStreamsOfSums(undefined)).toEqual({ accruedCents: 0, blockedCents: 0, paidCents: 0, payableCents: 0, blockedReason: null });
  });
});

describe("the SQL forms compute what the TypeScript forms do", () => {
  it("payable, and paid after a full payout", async () => {
    const rows = fc.sample(earningsRow, 200);
    const values = sql.join(
      rows.map((row) => sql`(${row.accruedCents}::bigint, ${row.blockedCents}::bigint, ${row.paidCents}::bigint)`),
      sql`, `,
    );
    const result = await rowsOf<{ payable: string; paid: string }>(
      sql`select ${payableCentsSql("e")}::text as payable, ${fullyPaidCentsSql("e")}::text as paid
          from (values ${values}) as e(accrued_cents, blocked_cents, paid_cents)`,
    );
    result.forEach((sqlRow, i) => {
      const row = rows[i]!;
      expect(Number(sqlRow.payable)).toBe(payableCents(row));
      // Paying everything payable leaves nothing payable.
      expect(payableCents({ ...row, paidCents: Number(sqlRow.paid) })).toBe(0);
    });
  });

  it("the earnings sums, including no row at all", async () => {
    const rows = fc.sample(earningsRow, 50);
    const values = sql.join(
      rows.map((row) => sql`(${row.accruedCents}::bigint, ${row.blockedCents}::bigint, ${row.paidCents}::bigint)`),
      sql`, `,
    );
    const [sums] = await rowsOf<{ accrued: string; blocked: string; paid: string }>(
      sql`select ${earningsSumsSql("e")} from (values ${values}) as e(accrued_cents, blocked_cents, paid_cents)`,
    );
    const total = (key: "accruedCents" | "blockedCents" | "paidCents") => rows.reduce((sum, row) => sum + row[key], 0);
    expect(moneyStreamsOfSums(sums)).toEqual(moneyStreams({ accruedCents: total("accruedCents"), blockedCents: total("blockedCents"), paidCents: total("paidCents") }));
    const [none] = await rowsOf<{ accrued: string; blocked: string; paid: string }>(
      sql`select ${earningsSumsSql("e")} from (select 1::bigint as accrued_cents, 0::bigint as blocked_cents, 0::bigint as paid_cents where false) e`,
    );
    expect(moneyStreamsOfSums(none)).toEqual(moneyStreamsOfSums(undefined));
  });

  it("CPM units: impressions, else views, else nothing", async () => {
    const count = fc.option(fc.nat({ max: 1e12 }), { nil: null });
    const snapshots = fc.sample(fc.record({ impressions: count, views: count }), 100);
    const values = sql.join(
      snapshots.map((snapshot) => sql`(${snapshot.impressions}::bigint, ${snapshot.views}::bigint)`),
      sql`, `,
    );
    const result = await rowsOf<{ units: string | null }>(sql`select ${cpmUnitsSql("ms")}::text as units from (values ${values}) as ms(impressions, views)`);
    result.forEach((row, i) => expect(row.units === null ? null : Number(row.units)).toBe(cpmUnits(snapshots[i]!)));
  });

  it("bonus reach (reach, else impressions, else views, else 0) and engagements (nulls as 0)", async () => {
    const count = fc.option(fc.nat({ max: 1e12 }), { nil: null });
    const keys = ["reach", "impressions", "views", "likes", "comments", "shares", "saves"] as const;
    const snapshots = fc.sample(fc.record(Object.fromEntries(keys.map((key) => [key, count])) as Record<(typeof keys)[number], typeof count>), 100);
    const values = sql.join(
      snapshots.map((snapshot) => sql`(${sql.join(keys.map((key) => sql`${snapshot[key]}::bigint`), sql`, `)})`),
      sql`, `,
    );
    const result = await rowsOf<{ reach: string; engagements: string }>(
      sql`select ${bonusReachSql("ms")}::text as reach, ${engagementsSql("ms")}::text as engagements
          from (values ${values}) as ms(${sql.raw(keys.join(", "))})`,
    );
    result.forEach((row, i) => {
      expect(Number(row.reach)).toBe(bonusReach(snapshots[i]!));
      expect(Number(row.engagements)).toBe(engagements(snapshots[i]!));
    });
    expect(bonusReach({ impressions: null, views: 7 })).toBe(7);
    expect(engagements({ likes: 1, saves: 2 })).toBe(3);
  });
});

describe("effectiveCpmCents", () => {
  it("is accrued × 1000 / delivered units, to 2 decimals, and null without delivery", () => {
    expect(effectiveCpmCents(12_345, 1_000)).toBe(12_345);
    expect(effectiveCpmCents(1, 3)).toBe(333.33);
    expect(effectiveCpmCents(500, 0)).toBeNull();
  });
});
