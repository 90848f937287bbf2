// `npm run seed`'s reset: empties every domain table and seeds the demo world again, in one transaction.
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { ensureAdmin } from "../auth/auth.service.js";
import { hashPassword } from "../auth/password.js";
import * as tables from "../../schema/tables.js";
import { DEMO_PASSWORD, insertDemoWorld, type SeedApp } from "./demo.js";

/**
 * Tables that belong to the installation, not to its data: the JWT signing keys, the generated secrets and the
 * reference data (seeded by migration 0009, edited by admins).
 */
const KEPT_TABLES = new Set<string>(
  [tables.signingKeys, tables.instanceSecrets, tables.countries, tables.cities, tables.categories, tables.exchangeRates].map(getTableName),
);

/** Every other table of the schema, so a table added later is reset without touching this file. */
export function domainTableNames(): string[] {
  return (Object.values(tables) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => getTableName(table))
    .filter((name) => !KEPT_TABLES.has(name))
    .sort();
}

/**
 * Deletes all domain rows (users, campaigns, money, reference data ...; identities restart at 1), seeds
 * the demo world, and re-creates the ADMIN_EMAIL administrator when one is configured. Signing keys and
 * instance secrets stay, so tokens and encrypted values keep working across a reset.
 */
export async function resetDemoData(app: SeedApp): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const list = sql.join(domainTableNames().map((name) => sql.identifier(name)), sql`, `);
  await app.database.db.transaction(async (tx) => {
    await tx.execute(sql`truncate table ${list} restart identity cascade`);
    await insertDemoWorld(tx, app, passwordHash);
  });
  const { adminEmail, adminPassword } = app.config;
  if (adminEmail && adminPassword) await ensureAdmin(app.database.db, adminEmail, adminPassword);
}
