// Currency conversion at the stored exchange rates (table `exchange_rates`, units per US dollar). One rule for
// every figure that adds money of several currencies (statistics, credit limits) and for the exchange tool.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "../db/client.js";
import { ValidationFailed } from "../shared/errors.js";

/**
 * SQL for `amountHundredths` (hundredths of `fromCurrency`, the unit every amount is stored in) expressed in
 * hundredths of `toCurrency` at the stored rates, rounded half away from zero to the target currency's minor
 * unit (whole yen for JPY). Exact numeric arithmetic; null when either rate is missing.
 */
export function convertedHundredthsSql(amountHundredths: SQL, fromCurrency: SQL, toCurrency: string): SQL<number | null> {
  return sql<number | null>`(
    select (round(${amountHundredths}::numeric * target.per_usd / source.per_usd / power(10, 2 - target.minor_units))
            * power(10, 2 - target.minor_units))::bigint
    from exchange_rates source, exchange_rates target
    where source.currency = ${fromCurrency} and target.currency = ${toCurrency}
  )`;
}

/** Refuses (400) a currency without a stored rate: figures in it could not be converted. */
export async function requireKnownCurrency(executor: Executor, currency: string, field = "currency"): Promise<void> {
  const rows = await queryRows<{ currency: string }>(executor, sql`select currency from exchange_rates where currency = ${currency}`);
  if (rows.length === 0) throw ValidationFailed(`No exchange rate is stored for '${currency}'`, { [field]: "unknown currency" });
}
