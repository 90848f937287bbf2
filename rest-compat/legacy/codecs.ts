// How the legacy `/api/...` paths write values (docs/rest-compat.md, "The legacy dialect"): money as a
// decimal number of the currency's units, dates as `{year, month, day, hour, minute, second}` objects in UTC
// (and, where a path shows one, as text), enums in lower case. Form values arrive as text: booleans are
// `true`/`false`/`1`/`0`, dates `YYYY-MM-DD` in UTC. Small pure functions, so each rule is written once.
import { PLATFORMS } from "../../src/platforms/platforms.js";


/** Integer cents → the decimal amount (`282` → `2.82`); exact up to 10^12 units (15 significant digits). */
export function decimalFromCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`decimalFromCents: ${cents} is not a whole number of cents`);
  return Number((cents / 100).toFixed(2));
}

/** A decimal amount as a form or JSON value (`"2.82"`, `2.8`) → integer cents; undefined when it is not one. */
export function centsFromDecimal(value: unknown): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  // `-0` and `-0.00` are 0, not negative zero.
  return match[1] && cents !== 0 ? -cents : cents;
}

export interface LegacyDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** An ISO 8601 date-time → its UTC parts; null stays null. */
export function dateObject(iso: string): LegacyDate;
export function dateObject(iso: string | null): LegacyDate | null;
export function dateObject(iso: string | null): LegacyDate | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`dateObject: ${iso} is not a date-time`);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const twoDigits = (value: number) => String(value).padStart(2, "0");

/** An ISO 8601 date-time → `"August 31, 2024 - 23:59:59"` (UTC). */
export function dateText(iso: string): string {
  const { year, month, day, hour, minute, second } = dateObject(iso);
  return `${MONTHS[month - 1]} ${day}, ${year} - ${twoDigits(hour)}:${twoDigits(minute)}:${twoDigits(second)}`;
}

/** A GraphQL enum value → its legacy spelling: `INSTAGRAM` → `instagram`, `CAMPAIGN_ACTIVE` with prefix `CAMPAIGN_` → `active`. */
export function lowerEnum(value: string, prefix = ""): string {
  return (value.startsWith(prefix) ? value.slice(prefix.length) : value).toLowerCase();
}

/** A campaign's networks in lower case: the platforms it allows, every platform when it names none. */
export function campaignNetworks(allowedPlatforms: readonly string[]): string[] {
  return (allowedPlatforms.length ? allowedPlatforms : PLATFORMS).map((platform) => lowerEnum(platform));
}

/** The inverse of `lowerEnum`, for values a client sends: `active` → `CAMPAIGN_ACTIVE`. */
export function upperEnum(value: string, prefix = ""): string {
  return `${prefix}${value.toUpperCase()}`;
}

/** A form boolean: `true`/`1` and `false`/`0` (JSON booleans as they are); undefined when it is neither. */
export function formBoolean(value: unknown): boolean | undefined {
  if (value === true || value === "true" || value === "1" || value === 1) return true;
  if (value === false || value === "false" || value === "0" || value === 0) return false;
  return undefined;
}

/**
 * A `YYYY-MM-DD` day (UTC) → the ISO date-time it starts at; `inclusiveEnd` gives the start of the next day,
 * so that a `date_to` includes its whole day. Undefined when the text is not a real calendar day.
 */
export function dayStart(day: string, inclusiveEnd = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(Date.UTC(year, month - 1, date));
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== date) return undefined;
  if (inclusiveEnd) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}
