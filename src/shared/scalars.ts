// Bounded versions of the graphql-scalars scalars whose unbounded values reached the database and failed
// there as 500s: JSON objects nested thousands deep or megabytes large, and timestamps PostgreSQL cannot
// store (year 0) or that make no sense here. Same public names as the originals, so the SDL barely changes;
// the limits and why are in docs/limits.md.
import { GraphQLError, GraphQLScalarType, Kind, print, type ObjectValueNode, type ValueNode } from "graphql";
import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from "graphql-scalars";

/** Deepest nesting of objects and arrays in a JSONObject value; `{ "a": 1 }` is 1 deep. */
export const JSON_MAX_DEPTH = 8;
/** Largest JSONObject value, measured as its JSON text in UTF-8 bytes. */
export const JSON_MAX_BYTES = 16 * 1024;

/** Earliest and latest instants a DateTime input may name (inclusive). */
const DATE_TIME_MIN = new Date("1970-01-01T00:00:00.000Z");
const DATE_TIME_MAX = new Date("9999-12-31T23:59:59.999Z");

const invalid = (message: string) => new GraphQLError(message);

/** Checks one parsed JSON value against the limits; the walk stops at the depth limit, so it cannot overflow. */
function checkJsonValue(value: unknown, depth: number): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid("JSONObject values must be finite numbers");
    return;
  }
  if (typeof value !== "object") throw invalid(`JSONObject cannot hold a value of type ${typeof value}`);
  if (depth > JSON_MAX_DEPTH) throw invalid(`JSONObject may be nested at most ${JSON_MAX_DEPTH} levels deep`);
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) checkJsonValue(child, depth + 1);
}

function boundedJsonObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`JSONObject cannot represent a non-object value: ${Array.isArray(value) ? "an array" : typeof value}`);
  }
  checkJsonValue(value, 1);
  if (Buffer.byteLength(JSON.stringify(value), "utf8") > JSON_MAX_BYTES) {
    throw invalid(`JSONObject may be at most ${JSON_MAX_BYTES} bytes as JSON`);
  }
  return value as Record<string, unknown>;
}

/** An own property even for `__proto__`, which plain assignment would turn into a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A literal as the plain JSON value a variable would carry: ordinary objects (graphql-scalars builds
 * prototype-less ones, which the database layer cannot handle), variables inside it resolved.
 */
function literalToJson(node: ValueNode, variables: Record<string, unknown> | null | undefined, depth: number): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      throw invalid(`JSONObject holds JSON values only; quote the string "${node.value}"`);
    case Kind.VARIABLE:
      return variables?.[node.name.value] ?? null;
    case Kind.LIST:
      if (depth > JSON_MAX_DEPTH) throw invalid(`JSONObject may be nested at most ${JSON_MAX_DEPTH} levels deep`);
      return node.values.map((item) => literalToJson(item, variables, depth + 1));
    case Kind.OBJECT: {
      if (depth > JSON_MAX_DEPTH) throw invalid(`JSONObject may be nested at most ${JSON_MAX_DEPTH} levels deep`);
      const object: Record<string, unknown> = {};
      for (const field of node.fields) setOwn(object, field.name.value, literalToJson(field.value, variables, depth + 1));
      return object;
    }
  }
}

/** `JSONObject`, limited to JSON_MAX_DEPTH levels and JSON_MAX_BYTES, the same as a literal or a variable. */
export const BoundedJSONObject = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: JSONObjectResolver.name,
  description: `${JSONObjectResolver.description} At most ${JSON_MAX_DEPTH} levels deep and ${JSON_MAX_BYTES / 1024} KiB as JSON.`,
  specifiedByURL: JSONObjectResolver.specifiedByURL,
  serialize: (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("JSONObject cannot represent a non-object value");
    return value as Record<string, unknown>;
  },
  parseValue: boundedJsonObject,
  parseLiteral: (node, variables) => {
    if (node.kind !== Kind.OBJECT) throw invalid(`JSONObject cannot represent a non-object value: ${print(node).slice(0, 40)}`);
    return boundedJsonObject(literalToJson(node as ObjectValueNode, variables, 1));
  },
  extensions: JSONObjectResolver.extensions,
});

function inDateTimeRange(value: Date): Date {
  if (!(value.getTime() >= DATE_TIME_MIN.getTime() && value.getTime() <= DATE_TIME_MAX.getTime())) {
    throw invalid(`DateTime must be between ${DATE_TIME_MIN.toISOString()} and ${DATE_TIME_MAX.toISOString()}`);
  }
  return value;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
const dayPrefixes = new Map<number, string>();
/** Years 0 to 9999: `toISOString` writes other years with a sign and six digits. */
const ISO_FOUR_DIGIT_YEARS = [new Date("0000-01-01T00:00:00Z").getTime(), new Date("+010000-01-01T00:00:00Z").getTime()] as const;

/**
 * `date.toISOString()`, about six times faster (measured 470 → 71 ns): a large answer serialises thousands of
 * timestamps (the brand dashboard's were 3.6% of its CPU). The date part comes from `toISOString` once per day
 * seen (remembered, a bounded number of days), the time of day from lookup tables.
 */
export function isoText(date: Date): string {
  const time = date.getTime();
  if (!(time >= ISO_FOUR_DIGIT_YEARS[0] && time < ISO_FOUR_DIGIT_YEARS[1])) return date.toISOString();
  const day = Math.floor(time / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 10_000) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = time - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
}

/** `DateTime` (RFC 3339, as graphql-scalars parses it) limited to the years 1970 to 9999 on input. */
export const BoundedDateTime = new GraphQLScalarType<Date, string>({
  name: DateTimeResolver.name,
  description: `${DateTimeResolver.description} Inputs must lie between ${DATE_TIME_MIN.toISOString()} and ${DATE_TIME_MAX.toISOString()}.`,
  specifiedByURL: DateTimeResolver.specifiedByURL,
  // The ISO text itself, as the answer's JSON holds it: a Date would be turned into it by JSON.stringify
  // through its toJSON, the slow path for every timestamp of a large answer (docs/performance.md).
  serialize: (value) => isoText(DateTimeResolver.serialize(value) as Date),
  parseValue: (value) => inDateTimeRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (node, variables) => inDateTimeRange(DateTimeResolver.parseLiteral(node, variables) as Date),
  extensions: DateTimeResolver.extensions,
});

/** A calendar day as `YYYY-MM-DD` text (birth dates, statistics ranges): graphql-scalars' `LocalDate`, years 1900 to 9999. */
function inLocalDateRange(value: string): string {
  if (!(value >= "1900-01-01" && value <= "9999-12-31")) throw invalid("LocalDate must be between 1900-01-01 and 9999-12-31");
  return value;
}

export const BoundedLocalDate = new GraphQLScalarType<string, string>({
  name: LocalDateResolver.name,
  description: `${LocalDateResolver.description} Inputs must lie between 1900-01-01 and 9999-12-31.`,
  serialize: (value) => LocalDateResolver.serialize(value) as string,
  parseValue: (value) => inLocalDateRange(LocalDateResolver.parseValue(value) as string),
  parseLiteral: (node, variables) => inLocalDateRange(LocalDateResolver.parseLiteral(node, variables) as string),
  extensions: LocalDateResolver.extensions,
});
