// DataLoader factories: one batched query per tick, results re-mapped to key order.
import DataLoader from "dataloader";

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
