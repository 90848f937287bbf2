// The reference data's loaders, one set per request. They are kept beside the request's context (a WeakMap
// keyed by it) rather than in src/loaders.ts, so that this module is self-contained; moving them there
// changes nothing else.
import { asc, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { arrayParam } from "../db/array-param.js";
import { loaderGroupedByKey, type LoaderSource } from "../shared/loader.js";
import { cities } from "../../schema/tables.js";

export function createReferenceLoaders({ db }: Pick<LoaderSource, "db">) {
  /** Each country's cities in id order: one statement for all the countries of a list. */
  const citiesByCountryCode = loaderGroupedByKey(
    (codes: string[]) => db.select().from(cities).where(sql`${cities.countryCode} = any(${arrayParam(codes, "text")})`).orderBy(asc(cities.id)),
    (row) => row.countryCode,
  );
  return { citiesByCountryCode };
}

const perRequest = new WeakMap<Context, ReturnType<typeof createReferenceLoaders>>();

export function referenceLoaders(context: Context): ReturnType<typeof createReferenceLoaders> {
  let loaders = perRequest.get(context);
  if (!loaders) perRequest.set(context, (loaders = createReferenceLoaders(context)));
  return loaders;
}
