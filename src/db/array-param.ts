// One array parameter for a set of keys (`= any($1)`), whatever their number: one statement shape, one
// prepared plan, and no limit on parameters. The cast names the element type, since drivers send arrays
// untyped; enum arrays go through text[] because a parameter cannot be cast to an enum array directly.
import { sql, type SQL } from "drizzle-orm";
import type { PgEnum } from "drizzle-orm/pg-core";

type ScalarArrayType = "int" | "bigint" | "text";

/** `values` as one parameter of type `type[]`, e.g. sql`${table.id} = any(${arrayParam(ids, "int")})`. */
export function arrayParam(values: readonly number[], type: "int" | "bigint"): SQL;
/** Strings for bigint keep amounts beyond 2^53 exact. */
export function arrayParam(values: readonly string[], type: "text" | "bigint"): SQL;
/** An enum array: the values are checked against the enum's (schema/tables.ts) at compile time. */
export function arrayParam<T extends [string, ...string[]]>(values: readonly T[number][], type: PgEnum<T>): SQL;
export function arrayParam(values: readonly (number | string)[], type: ScalarArrayType | { enumName: string }): SQL {
  const param = sql.param([...values]);
  if (typeof type === "string") return sql`${param}::${sql.raw(type)}[]`;
  return sql`${param}::text[]::${sql.raw(type.enumName)}[]`;
}
