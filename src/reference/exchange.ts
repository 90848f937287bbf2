// Currency conversion at the stored exchange rates (table `exchange_rates`, units per US dollar). One rule for
// every figure that adds money of several currencies (statistics, credit limits) and for the exchange tool.
// Amounts are hundredths of their currency everywhere (JPY included), so a conversion takes and gives
// hundredths; all arithmetic is PostgreSQL `numeric` (exact decimals), never floating point.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";

/** Largest amount the exchange tool converts, and largest result it answers: 10^12 units, in hundredths (exact as a JSON number). */
export const MAX_CONVERTIBLE_HUNDREDTHS = 100_000_000_000_000;

/**
 * SQL for `amountHundredths` (hundredths of `fromCurrency`, the unit every amount is stored in) expressed in
 * hundredths of `toCurrency` at the stored rates, rounded half away from zero (numeric `round`) to the target
 * currency's minor unit (whole yen for JPY: a multiple of 100 hundredths). Exact numeric arithmetic: the
 * power of ten is numeric too, or PostgreSQL would divide in double precision and round half to even.
 * Null when either rate is missing.
 */
export function convertedHundredthsSql(amountHundredths: SQL, fromCurrency: SQL, toCurrency: string): SQL<number | null> {
  return sql<number | null>`(
    select (round(${amountHundredths}::numeric * target.per_usd / source.per_usd / power(10::numeric, 2 - target.minor_units))
            * power(10::numeric, 2 - target.minor_units))::bigint
    from exchange_rates source, exchange_rates target
    where source.currency = ${fromCurrency} and target.currency = ${toCurrency}
  )`;
}

/** Refuses (400) a currency without a stored rate: figures in it could not be converted. */
export async function requireKnownCurrency(executor: Executor, currency: string, field = "currency"): Promise<void> {
  const rows = await queryRows<{ currency: string }>(executor, sql`select currency from exchange_rates where currency = ${currency}`);
  if (rows.length === 0) throw ValidationFailed(`No exchange rate is stored for '${currency}'`, { [field]: "unknown currency" });
}

/**
 * The exchange tool: `amountHundredths` of `from` in hundredths of `to` (convertedHundredthsSql), in one
 * statement. A currency without a stored rate is 400 on `from` / `to`; an amount or a result beyond
 * MAX_CONVERTIBLE_HUNDREDTHS is 400 on `amountField`.
 */
export async function convertAmount(executor: Executor, amountHundredths: number, from: string, to: string, amountField = "amountCents"): Promise<number> {
  if (!Number.isSafeInteger(amountHundredths) || amountHundredths < 0 || amountHundredths > MAX_CONVERTIBLE_HUNDREDTHS) {
    throw ValidationFailed("The amount is out of range", { [amountField]: `must be 0 to ${MAX_CONVERTIBLE_HUNDREDTHS / 100} units, in hundredths` });
  }
  const [row] = await queryRows<{ from_known: boolean; to_known: boolean; converted: string | null }>(
    executor,
    sql`select exists (select 1 from exchange_rates where currency = ${from}) as from_known,
               exists (select 1 from exchange_rates where currency = ${to}) as to_known,
               ${convertedHundredthsSql(sql`${amountHundredths}::bigint`, sql`${from}`, to)}::text as converted`,
  );
  const unknown = { ...(row!.from_known ? {} : { from: "unknown currency" }), ...(row!.to_known ? {} : { to: "unknown currency" }) };
  if (Object.keys(unknown).length) throw ValidationFailed("No exchange rate is stored for the currency", unknown);
  // As text, then BigInt: a result too large for a double is refused, never rounded.
  const converted = BigInt(row!.converted!);
  if (converted > BigInt(MAX_CONVERTIBLE_HUNDREDTHS)) {
    throw ValidationFailed("The converted amount is too large", { [amountField]: `converts to more than ${MAX_CONVERTIBLE_HUNDREDTHS / 100} units of ${to}` });
  }
  return Number(converted);
}

/** Refuses (409) figures that hold money of currencies without a stored rate: a total that left them out would be wrong. */
export function refuseUnconvertible(currencies: Iterable<string>, target: string): void {
  const missing = [...new Set(currencies)].sort();
  if (missing.length > 0) {
    throw Conflict(`No exchange rate is stored for ${missing.join(", ")}: that money cannot be reported in ${target}`, { currencies: missing });
  }
}
