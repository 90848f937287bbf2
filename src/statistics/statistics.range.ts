// The date range every statistics figure with `date_from` / `date_to` takes: whole UTC days, both ends
// inclusive, either end open.
import { Field, InputType } from "type-graphql";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { BoundedLocalDate } from "../shared/scalars.js";
import { ValidationFailed } from "../shared/errors.js";

@InputType("StatisticsRange", { description: "Whole UTC days, both ends inclusive; an open end is unbounded." })
export class StatisticsRange {
  @Field(() => BoundedLocalDate, { nullable: true, description: "First day counted (YYYY-MM-DD, UTC)." }) from?: string | null;
  @Field(() => BoundedLocalDate, { nullable: true, description: "Last day counted (YYYY-MM-DD, UTC), inclusive." }) to?: string | null;
}

/** Refuses a range that ends before it starts (400), so that an empty answer always means "nothing happened". */
export function checkRange(range: StatisticsRange | null | undefined): void {
  if (range?.from && range.to && range.to < range.from) throw ValidationFailed("The range ends before it starts", { to: "before from" });
}

/** SQL: `instant` (a timestamptz column) lies within the range's UTC days. */
export function withinRange(instant: AnyColumn | SQL, range: StatisticsRange | null | undefined): SQL {
  const from = range?.from ? sql`${instant} >= ${range.from}::date::timestamp at time zone 'UTC'` : sql`true`;
  const to = range?.to ? sql`${instant} < (${range.to}::date + 1)::timestamp at time zone 'UTC'` : sql`true`;
  return sql`(${from} and ${to})`;
}
