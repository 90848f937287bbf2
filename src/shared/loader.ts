// DataLoader factories: one batched query per tick, results re-mapped to key order.
import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import type { Viewer } from "../context.js";
import { isPublicId, legacyIdOf, type LegacyAddressable } from "./ids.js";
import { ValidationFailed } from "./errors.js";

/** What a module's loaders are built from, once per request. `viewer` is read lazily: it is known after the token check. */
export interface LoaderSource {
  db: Db;
  viewer: () => Viewer | null;
}

/** One module's loaders: built per request from the source, named for what they return (`byId`, `pageByCampaignId`). */
export type LoaderFactory = (source: LoaderSource) => Record<string, unknown>;

export type LoadersOf<F extends Record<string, LoaderFactory>> = { [Module in keyof F]: ReturnType<F[Module]> };

/**
 * Builds each module's loaders under its own name (`loaders.participations.byCampaignId`): a loader name
 * only has to be unique within its module, and two modules cannot overwrite each other's.
 */
export function buildLoaders<F extends Record<string, LoaderFactory>>(factories: F, source: LoaderSource): LoadersOf<F> {
  const loaders: Record<string, unknown> = {};
  for (const [module, create] of Object.entries(factories)) loaders[module] = create(source);
  return loaders as LoadersOf<F>;
}

/** One row (or undefined) per key. */
export function loaderByKey<K, R>(fetch: (keys: K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | undefined> {
  return new DataLoader<K, R | undefined>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key));
  });
}

/** Every row per key, in the order the query returned them. */
export function loaderGroupedByKey<K, R>(fetch: (keys: K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch([...keys]);
    const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key)!);
  });
}

/** Loaders whose query depends on arguments (a page size, a cursor): one loader per distinct argument set. */
export function loaderFamily<A, K, V>(create: (args: A) => DataLoader<K, V>): (args: A) => DataLoader<K, V> {
  const family = new Map<string, DataLoader<K, V>>();
  return (args) => {
    const id = JSON.stringify(args);
    let loader = family.get(id);
    if (!loader) family.set(id, (loader = create(args)));
    return loader;
  };
}

/**
 * Loads a row by the ID argument a client sent: its public id, or its legacy integer key in decimal.
 * Anything else is VALIDATION_ERROR on `field` before any query runs.
 */
export function loadByAnyId<R>(
  loaders: { byId: DataLoader<number, R | undefined>; byPublicId: DataLoader<string, R | undefined> },
  id: string,
  type: LegacyAddressable,
  field: string,
): Promise<R | undefined> {
  const legacyId = legacyIdOf(id);
  if (legacyId !== undefined) return loaders.byId.load(legacyId);
  if (!isPublicId(id, type)) throw ValidationFailed(`${field} is not a ${type} id`, { [field]: `malformed ${type} id` });
  return loaders.byPublicId.load(id);
}
