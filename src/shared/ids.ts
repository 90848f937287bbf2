// Public ids (`campaign_…`). Pagination cursors are in connection.ts.
import { randomBytes } from "node:crypto";

export const ID_PREFIXES = ["user", "campaign", "task", "participation", "submission", "snapshot", "account", "app", "txn", "webhook", "evt", "delivery", "approval", "bonus", "notification"] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `<prefix>_<20 base62 chars>`: about 119 bits of randomness, so ids cannot be guessed. */
export function newPublicId(prefix: IdPrefix): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return `${prefix}_${out}`;
}

export function prefixOf(publicId: string): IdPrefix | undefined {
  const prefix = publicId.slice(0, publicId.indexOf("_"));
  return (ID_PREFIXES as readonly string[]).includes(prefix) ? (prefix as IdPrefix) : undefined;
}

/** True when the string has the shape of a public id of that type; malformed ids are rejected early. */
export function isPublicId(value: string, prefix: IdPrefix): boolean {
  return value.startsWith(`${prefix}_`) && /^[a-z]+_[0-9A-Za-z]{1,64}$/.test(value);
}

/**
 * The types the legacy API addresses by their rows' integer keys (`legacyId` in GraphQL). Their ID arguments
 * accept that key in decimal as well as the public id, so one operation serves both APIs (docs/legacy-api.md).
 */
export type LegacyAddressable = "user" | "campaign" | "task" | "participation";

/** A decimal row key as an ID argument: digits only, within PostgreSQL's integer range. */
export function legacyIdOf(value: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : undefined;
}
