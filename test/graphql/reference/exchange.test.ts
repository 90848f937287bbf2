// Currency conversion at the stored rates (src/reference/exchange.ts): the SQL every multi-currency figure
// uses, the known-currency check, and the exchange tool in GraphQL. Exact decimals, half away from zero, the
// target's minor unit (whole yen), a missing rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";
import { queryRows } from "../../../src/db/client.js";
import { DomainError } from "../../../src/shared/errors.js";
import { convertAmount, convertedHundredthsSql, requireKnownCurrency } from "../../../src/reference/exchange.js";

let server: TestServer;
let influencer: Actor;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  influencer = await signUp(server, "INFLUENCER");
});
afterAll(() => server?.close());

const db = () => server.server.app.database.db;

/** convertedHundredthsSql as exact text (null: a missing rate). */
async function converted(hundredths: string, from: string, to: string): Promise<string | null> {
  const [row] = await queryRows<{ value: string | null }>(db(), sql`select ${convertedHundredthsSql(sql`${hundredths}::bigint`, sql`${from}::text`, to)}::text as value`);
  return row!.value;
}

describe("convertedHundredthsSql", () => {
  it("converts at the stored rates: identity, EUR, GBP, BRL", async () => {
    expect(await converted("12345", "USD", "USD")).toBe("12345");
    expect(await converted("12345", "EUR", "EUR")).toBe("12345");
    expect(await converted("10000", "USD", "EUR")).toBe("9200"); // 100 USD × 0.92
    expect(await converted("9200", "EUR", "USD")).toBe("10000");
    expect(await converted("10000", "USD", "BRL")).toBe("50500");
    expect(await converted("10000", "GBP", "EUR")).toBe("11646"); // 100 × 0.92 / 0.79 = 116.4556… → 116.46
  });

  it("rounds to whole yen, half away from zero, in exact decimals", async () => {
    expect(await converted("100", "USD", "JPY")).toBe("15100"); // 151.40 → 151 yen
    expect(await converted("250", "USD", "JPY")).toBe("37900"); // 378.5 yen exactly → 379 (half to even would give 378)
    expect(await converted("-250", "USD", "JPY")).toBe("-37900"); // away from zero both ways
    expect(await converted("1", "USD", "JPY")).toBe("200"); // 1.514 → 2
    expect(await converted("15100", "JPY", "USD")).toBe("100"); // 151 yen = 0.99735… USD → 1.00
  });

  it("stays exact beyond double precision", async () => {
    // 12,345,678,901,234.56 USD × 0.92 = 11,358,024,589,135.7952 EUR → …135.80
    expect(await converted("1234567890123456", "USD", "EUR")).toBe("1135802458913580");
  });

  it("is null when either rate is missing", async () => {
    expect(await converted("100", "XXX", "USD")).toBeNull();
    expect(await converted("100", "USD", "XXX")).toBeNull();
  });
});

describe("requireKnownCurrency and convertAmount", () => {
  it("requireKnownCurrency passes a stored currency and refuses another with the field named", async () => {
    await expect(requireKnownCurrency(db(), "JPY")).resolves.toBeUndefined();
    const error = await requireKnownCurrency(db(), "XXX", "reportCurrency").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { reportCurrency: "unknown currency" } } });
  });

  it("convertAmount names each unknown currency and refuses amounts and results out of range", async () => {
    const failure = async (work: Promise<unknown>) => ((await work.catch((caught: unknown) => caught)) as DomainError).extensions;
    expect(await failure(convertAmount(db(), 100, "XXX", "YYY"))).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { from: "unknown currency", to: "unknown currency" } } });
    expect(await failure(convertAmount(db(), 100, "USD", "YYY"))).toMatchObject({ details: { fields: { to: "unknown currency" } } });
    expect(await failure(convertAmount(db(), -1, "USD", "EUR"))).toMatchObject({ details: { fields: { amountCents: expect.any(String) } } });
    expect(await failure(convertAmount(db(), 100_000_000_000_001, "USD", "EUR"))).toMatchObject({ details: { fields: { amountCents: expect.any(String) } } });
    // 10^12 USD is 1.345 × 10^15 won: too large to answer exactly.
    expect(await failure(convertAmount(db(), 100_000_000_000_000, "USD", "KRW", "amount"))).toMatchObject({ details: { fields: { amount: expect.any(String) } } });
    expect(await convertAmount(db(), 100_000_000_000_000, "USD", "EUR")).toBe(92_000_000_000_000);
    expect(await convertAmount(db(), 0, "GBP", "JPY")).toBe(0);
  });
});

describe("convertCurrency (GraphQL)", () => {
  const CONVERT = `query($from: String!, $to: String!, $amountCents: SafeInt!) { convertCurrency(from: $from, to: $to, amountCents: $amountCents) { from to amountCents convertedCents } }`;
  const convert = async (from: string, to: string, amountCents: number) =>
    (await ok(server, CONVERT, { from, to, amountCents }, influencer.token)).convertCurrency.convertedCents as number;

  it("answers the conversion to any signed-in user", async () => {
    expect((await ok(server, CONVERT, { from: "USD", to: "EUR", amountCents: 10_000 }, influencer.token)).convertCurrency).toEqual({
      from: "USD", to: "EUR", amountCents: 10_000, convertedCents: 9_200,
    });
  });

  it("comes back within a cent from a round trip through each seeded currency", async () => {
    const amounts = [1, 99, 12_345, 100_000, 9_999_999, 123_456_789];
    for (const currency of ["EUR", "GBP", "JPY", "BRL"]) {
      for (const amount of amounts) {
        const back = await convert(currency, "USD", await convert("USD", currency, amount));
        expect(Math.abs(back - amount), `${amount} USD → ${currency} → USD = ${back}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("refuses malformed and unknown currencies and negative amounts as validation errors", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: "usd", to: "EUR", amountCents: 1 }, "from"],
      [{ from: "USD", to: "EURO", amountCents: 1 }, "to"],
      [{ from: "XXX", to: "EUR", amountCents: 1 }, "from"],
      [{ from: "USD", to: "QQQ", amountCents: 1 }, "to"],
      [{ from: "USD", to: "EUR", amountCents: -5 }, "amountCents"],
    ];
    for (const [variables, field] of cases) {
      const response = await server.gql(CONVERT, variables, influencer.token);
      expect(response.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { [field]: expect.any(String) } } });
    }
    expect(await errorCode(server, CONVERT, { from: "USD", to: "EUR", amountCents: 1.5 }, influencer.token)).toBe("VALIDATION_ERROR");
  });

  it("follows an admin's new rate at once", async () => {
    const admin = await adminToken(server);
    await ok(server, `mutation { setExchangeRate(input: { currency: "BRL", perUsd: "5.5" }) { exchangeRate { perUsd } } }`, {}, admin);
    expect(await convert("USD", "BRL", 10_000)).toBe(55_000);
  });
});
