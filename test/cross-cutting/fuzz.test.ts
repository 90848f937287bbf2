// Property-based fuzzing of every GraphQL mutation and query with arguments (derived from the schema's
// input types) and every REST route of rest-compat/index.ts (path, query and body derived from the route's
// JSON Schemas): valid-ish values mixed with wrong types, huge and hostile strings, NULs, lone surrogates,
// deep objects, extreme numbers, bad ids and dates. Properties: no 5xx, ever; and a rejected request writes
// nothing (every table's rows hashed before and after). One fixed seed, then one random seed that is
// printed: replay a failure with FUZZ_SEED=<seed>.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import qs from "qs";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectAccount, joinedParticipation, submit, type Actor } from "../support/factories.js";
import { operationWithVariables, rootFields, withValueAt } from "../support/schema-inputs.js";
import { getSchema } from "../../src/graphql/schema.js";
import { queryRows } from "../../src/db/client.js";
import { servedRoutes } from "../../rest-compat/index.js";
import type { JsonSchema } from "../../rest-compat/core/route.js";

const FIXED_SEED = 8;
const RANDOM_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
// Runs per seed: enough to reach every mutation and route several times, small enough for PGlite on a busy machine.
const GRAPHQL_RUNS = 250;
const REST_RUNS = 200;

// Tables a rejected request may legitimately write: the rate limits count rejected attempts too, and a
// platform that refuses a call leaves its backoff.
const UNFINGERPRINTED = new Set(["rate_limit_counters", "platform_backoffs"]);

let server: TestServer;
let schema: GraphQLSchema;
let brand: Actor;
let influencer: Actor;
const ids: Record<string, string> = {};
let tables: string[] = [];

beforeAll(async () => {
  console.log(`fuzz seeds: fixed ${FIXED_SEED}, random ${RANDOM_SEED} (replay with FUZZ_SEED=${RANDOM_SEED})`);
  server = await startTestServer();
  schema = await getSchema();
  const world = await joinedParticipation(server);
  ({ brand, influencer } = world);
  ids.campaign = world.campaignId;
  ids.participation = world.participationId;
  ids.submission = (await submit(server, influencer, world.participationId)).submission.id;
  ids.socialAccount = await connectAccount(server, influencer, "TIKTOK");
  ids.brand = brand.id;
  ids.influencer = influencer.id;
  const rows = await queryRows<{ table_name: string }>(
    server.server.app.database.db,
    sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  tables = rows.map((row) => row.table_name).filter((name) => !UNFINGERPRINTED.has(name));
});
afterAll(() => server?.close());

/** One hash of every row of every table (the test database is small): any write changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const columns = tables.map((table) => `(select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) from "${table}" r) as "${table}"`);
  const [row] = await queryRows<Record<string, string>>(server.server.app.database.db, sql.raw(`select ${columns.join(", ")}`));
  return row!;
}

// ---- values ---------------------------------------------------------------------------------------------

const deepObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

/** Text PostgreSQL cannot store: NUL, unpaired surrogates. */
const UNSTORABLE_TEXT = ["a\u0000b", "\u0000", "\ud800", "x\udc00"];
const HOSTILE_TEXT = [
  "",
  " ",
  "🏔️ ünïcode",
  "\u202eevil",
  "' or 1=1 --",
  "<script>alert(1)</script>",
  "%00",
  "\\",
  "__proto__",
  "null",
  "x".repeat(100_000),
  "ä".repeat(3_000),
  "\n\r\t",
];
const MALFORMED_IDS = [
  "",
  "42",
  "campaign_",
  "campaign_doesnotexist",
  "participation_doesnotexist",
  "submission_doesnotexist",
  `participation_${"a".repeat(65)}`,
  "submission_\u0000",
  "campaign_../../etc/passwd",
  "user_ä",
  "Y2FtcGFpZ246MQ",
];
const POST_URLS = [
  "https://www.instagram.com/p/Cfuzz123/",
  "https://www.tiktok.com/@someone/video/7301234567890123456",
  "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "https://www.facebook.com/someone/posts/1234567890",
];
/** Well-formed RFC 3339 timestamps outside 1970–9999 (year 0 is out of PostgreSQL's range). */
const OUT_OF_RANGE_DATES = ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:00:00-14:00"];
const BAD_DATES = [
  "10000-01-01T00:00:00Z",
  "2030-02-30T00:00:00Z",
  "2030-01-01",
  "yesterday",
  "",
];
const EXTREME_NUMBERS = [0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 0.5, -0];

const anyChar16 = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const isoBetween = (from: number, to: number) => fc.integer({ min: Date.UTC(from, 0, 1), max: Date.UTC(to, 0, 1) }).map((ms) => new Date(ms).toISOString());
const jsonDictionary = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

// ---- plausible values: what a real client sends, chosen by the input's type and name ----------------------

/** Ids of the kind the name mentions (`campaignId`, `approveParticipation`), else any real id. */
function realIdArb(name: string): fc.Arbitrary<string> {
  const kind = Object.keys(ids).find((key) => name.toLowerCase().includes(key.toLowerCase()));
  return kind ? fc.constant(ids[kind]!) : fc.constantFrom(...Object.values(ids));
}

function plausibleTextArb(name: string): fc.Arbitrary<string> {
  if (/email/i.test(name)) return fc.nat().map((n) => `fuzz-${n}@example.test`);
  if (/password/i.test(name)) return fc.constant("correct horse battery");
  if (/url|logo|image|attachment/i.test(name)) return fc.constantFrom(...POST_URLS, "https://example.com/image.png");
  if (/hashtag/i.test(name)) return fc.constantFrom("#summer", "#RainReady", "hiking");
  if (/mention/i.test(name)) return fc.constantFrom("@northwind", "@brand.official");
  if (/key/i.test(name)) return fc.nat().map((n) => `key-fuzz-${n}`);
  if (/token/i.test(name)) return fc.constantFrom("act.fuzz-access", "rft.fuzz-refresh");
  if (/^(from|to|postedAt|posted_at_timestamp)$/i.test(name)) return isoBetween(2024, 2026);
  if (/id$/i.test(name)) return realIdArb(name);
  return fc.constantFrom("Fuzz", "Trail run 🏔️", "A longer description of what the campaign wants.", "outdoor");
}

const PLAUSIBLE_SCALARS: Record<string, (name: string) => fc.Arbitrary<unknown>> = {
  String: plausibleTextArb,
  ID: realIdArb,
  Int: () => fc.integer({ min: 1, max: 100 }),
  SafeInt: () => fc.integer({ min: 1, max: 1_000_000 }),
  Float: () => fc.double({ min: 0, max: 1000, noNaN: true }),
  Boolean: () => fc.boolean(),
  // Analytics windows of a few months; campaign dates over some years.
  DateTime: (name) => (/^(from|to)$/.test(name) ? isoBetween(2025, 2026) : isoBetween(2024, 2032)),
  Currency: () => fc.constantFrom("USD", "EUR"),
  URL: () => fc.constantFrom(...POST_URLS),
  JSONObject: () => jsonDictionary,
};

/** A value a real client could send for this input type: required fields always, optional ones sometimes. */
function plausibleArb(type: GraphQLInputType, name: string): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return plausibleArb(type.ofType, name);
  if (isListType(type)) return fc.array(plausibleArb(type.ofType, name), { maxLength: 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.record(Object.fromEntries(fields.map((field) => [field.name, plausibleArb(field.type, field.name)])), {
      requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
    });
  }
  return (PLAUSIBLE_SCALARS[type.name] ?? plausibleTextArb)(name);
}

// ---- hostile values ---------------------------------------------------------------------------------------

const garbageArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.constant(deepObject(500)),
);

const hostileTextArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNSTORABLE_TEXT) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_IDS) },
  { weight: 1, arbitrary: fc.string({ unit: anyChar16, maxLength: 12 }) },
);

const HOSTILE_SCALARS: Record<string, fc.Arbitrary<unknown>> = {
  String: hostileTextArb,
  ID: hostileTextArb,
  DateTime: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...OUT_OF_RANGE_DATES) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_DATES) },
    { weight: 1, arbitrary: fc.constantFrom(Date.now(), -1, ...UNSTORABLE_TEXT) },
  ),
  JSONObject: fc.constantFrom(deepObject(9), deepObject(800), { big: "x".repeat(17 * 1024) }, { "a\u0000": 1 }, { text: "\ud800" }, [1, 2], "text"),
  Int: fc.oneof(fc.constantFrom(...EXTREME_NUMBERS), fc.integer()),
  SafeInt: fc.oneof(fc.constantFrom(...EXTREME_NUMBERS), fc.integer()),
};

/** A value that is wrong for this input type: hostile in its own kind (NUL in text, year 0 in a date), or of another type. */
function hostileArb(type: GraphQLInputType): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return fc.oneof({ weight: 5, arbitrary: hostileArb(type.ofType) }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    return fc.oneof(
      hostileArb(type.ofType).map((item) => [item]),
      plausibleArb(type.ofType, "").map((item) => Array.from({ length: 1_000 }, () => item)),
      hostileArb(type.ofType),
    );
  }
  const own = isEnumType(type) ? fc.constantFrom("MYSPACE", "instagram", "", "\u0000") : HOSTILE_SCALARS[getNamedType(type).name] ?? hostileTextArb;
  return fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: garbageArb });
}

/** Plausible and hostile values mixed at every level: several bad values at once, or required ones missing. */
function mixedArb(type: GraphQLInputType, name: string): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  let own: fc.Arbitrary<unknown>;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    own = fc.record(Object.fromEntries(fields.map((field) => [field.name, mixedArb(field.type, field.name)])), {
      requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
    });
  } else if (isListType(inner)) {
    own = fc.array(mixedArb(inner.ofType, name), { maxLength: 3 });
  } else {
    own = plausibleArb(inner, name);
  }
  return fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: hostileArb(type) });
}

/** Every place in an input type a hostile value can go: scalars, enums and lists, and input objects whole. */
function leavesOf(type: GraphQLInputType, path: string[]): { path: string[]; type: GraphQLInputType }[] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isInputObjectType(inner)) return [{ path, type }];
  return [{ path, type: inner }, ...Object.values(inner.getFields()).flatMap((field) => leavesOf(field.type, [...path, field.name]))];
}

/**
 * Values for a set of named inputs: mostly plausible everywhere but in one place, which is hostile (so that
 * the bad value reaches the services); else plausible throughout, or plausible and hostile mixed anywhere.
 */
function inputsArb(inputs: { name: string; hint: string; type: GraphQLInputType }[]): fc.Arbitrary<Record<string, unknown>> {
  const required = inputs.filter((input) => isNonNullType(input.type)).map((input) => input.name);
  const plausible = fc.record(Object.fromEntries(inputs.map((input) => [input.name, plausibleArb(input.type, input.hint)])), { requiredKeys: required });
  const leaves = inputs.flatMap((input) => leavesOf(input.type, [input.name]));
  if (!leaves.length) return plausible;
  // Mostly a scalar, enum or list, where the interesting values go; sometimes a whole input object.
  const leafArb = fc.oneof(
    ...leaves.map((leaf) => ({ weight: isInputObjectType(leaf.type) ? 1 : 4, arbitrary: fc.constant(leaf) })),
  );
  const oneHostile = plausible.chain((values) => leafArb.chain((leaf) => hostileArb(leaf.type).map((value) => withValueAt(values, leaf.path, value))));
  const anything = fc.record(Object.fromEntries(inputs.map((input) => [input.name, mixedArb(input.type, input.hint)])), { requiredKeys: required });
  return fc.oneof({ weight: 4, arbitrary: oneHostile }, { weight: 1, arbitrary: plausible }, { weight: 2, arbitrary: anything });
}

type Who = "anonymous" | "brand" | "influencer" | "bad token";
// Mostly signed in, so that most requests get past authentication into the services.
const whoArb = fc.constantFrom<Who>("brand", "influencer", "brand", "influencer", "brand", "influencer", "anonymous", "bad token");
const tokenOf = (who: Who) => ({ anonymous: undefined, brand: brand.token, influencer: influencer.token, "bad token": "not.a.jwt" })[who];

// ---- the properties -------------------------------------------------------------------------------------

/** Runs a property with the fixed seed, then with the random one. */
async function assertWithBothSeeds<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns: number) {
  for (const seed of [FIXED_SEED, RANDOM_SEED]) {
    await fc.assert(fc.asyncProperty(arbitrary, check), { seed, numRuns });
  }
}

/** How often each answer came, to see that the fuzzer gets past validation too. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(key: string) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  toString() {
    return JSON.stringify(Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))));
  }
}

const SERVER_ERROR_CODES = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

describe("fuzzing every GraphQL mutation and query", () => {
  it("never answers 5xx, and a rejected operation writes nothing", async () => {
    // Queries too: their arguments (filters, cursors, analytics windows) reach SQL as well.
    const fields = rootFields(schema).filter((root) => root.operation === "mutation" || root.field.args.length > 0);
    const byName = new Map(fields.map((root) => [root.field.name, root]));
    // Counterexamples name the mutation (the schema objects themselves would print pages).
    const callArb = fc
      .constantFrom(...byName.keys())
      .chain((name) => {
        const root = byName.get(name)!;
        const inputs = root.field.args.map((arg) => ({ name: arg.name, hint: arg.name === "id" ? root.field.name : arg.name, type: arg.type }));
        return fc.record({
          field: fc.constant(name),
          args: inputsArb(inputs),
          // signOut without an argument ends every session of the caller: fuzz it anonymously only.
          who: root.field.name === "signOut" ? fc.constant<Who>("anonymous") : whoArb,
        });
      });
    const seen = new Set<string>();
    const outcomes = new Tally();
    await assertWithBothSeeds(
      callArb,
      async ({ field, args, who }) => {
        const root = byName.get(field)!;
        seen.add(field);
        const before = await fingerprint();
        const answer = await server.gql(operationWithVariables(root), args, tokenOf(who));
        outcomes.add(answer.errors?.[0]?.extensions?.code ?? "OK");
        const context = `${root.field.name} as ${who} with ${JSON.stringify(args).slice(0, 300)}: ${answer.status} ${JSON.stringify(answer.errors)?.slice(0, 300)}`;
        expect(answer.status, context).toBeLessThan(500);
        for (const error of answer.errors ?? []) expect(SERVER_ERROR_CODES.has(error.extensions?.code), context).toBe(false);
        if (answer.errors?.length) expect(await fingerprint(), context).toEqual(before);
      },
      GRAPHQL_RUNS,
    );
    console.log(`GraphQL fields fuzzed: ${seen.size} of ${fields.length}; answers: ${outcomes}`);
  });
});

/**
 * A JSON Schema of the route table as the equivalent GraphQL input type, so that the REST paths get the
 * same plausible and hostile values: strings, enums, integers, arrays and objects.
 */
function inputTypeOf(schema: JsonSchema, name: string, required: boolean): GraphQLInputType {
  let type: GraphQLInputType;
  // Enum values that are no GraphQL names (a form flag's "1" and "0") are left to the string values.
  const names = Array.isArray(schema.enum) ? (schema.enum as unknown[]).filter((value): value is string => typeof value === "string" && /^[_A-Za-z]\w*$/.test(value) && !["true", "false", "null"].includes(value)) : [];
  if (names.length) {
    type = new GraphQLEnumType({ name: `Rest_${name}`, values: Object.fromEntries(names.map((value) => [value, { value }])) });
  } else if (Array.isArray(schema.enum)) {
    type = GraphQLString;
  } else if (schema.type === "object") {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const requiredKeys = new Set((schema.required as string[] | undefined) ?? []);
    type = new GraphQLInputObjectType({
      name: `Rest_${name}`,
      fields: () => Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, { type: inputTypeOf(property, key, requiredKeys.has(key)) }])),
    });
  } else if (schema.type === "array") {
    type = new GraphQLList(inputTypeOf(schema.items as JsonSchema, name, true));
  } else if (schema.type === "integer" || schema.type === "number") {
    type = GraphQLInt;
  } else if (schema.type === "boolean") {
    type = GraphQLBoolean;
  } else if (schema.format === "date-time") {
    type = schemaDateTime;
  } else {
    type = GraphQLString;
  }
  return required ? new GraphQLNonNull(type) : type;
}

/** The DateTime of the GraphQL schema: REST date-time fields get its plausible and hostile values. */
let schemaDateTime: GraphQLInputType;

/** encodeURIComponent, except that a lone surrogate is sent as the (invalid UTF-8) bytes a careless client would send. */
function encodeSegment(text: string): string {
  return text.replace(/[\s\S]/gu, (char) => {
    if (/\p{Cs}/u.test(char)) {
      const code = char.charCodeAt(0);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join("");
    }
    return encodeURIComponent(char);
  });
}

const BODY_ENCODINGS = ["json", "json", "json", "form", "text", "broken json"] as const;

describe("fuzzing every REST route", () => {
  it("never answers 5xx, and a rejected request writes nothing", async () => {
    const routes = servedRoutes();
    const byName = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
    schemaDateTime = schema.getType("DateTime") as GraphQLInputType;
    const requestArb = fc.constantFrom(...byName.keys()).chain((name) => {
      const route = byName.get(name)!;
      const slug = name.replace(/\W+/g, "_");
      const parts = (["params", "query", "body"] as const)
        .filter((part) => route.request?.[part])
        .map((part) => ({ name: part, hint: part, type: inputTypeOf(route.request![part]!, `${slug}_${part}`, part === "params") }));
      return fc.record({
        route: fc.constant(name),
        method: fc.oneof({ weight: 8, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") }),
        request: inputsArb(parts),
        encoding: fc.constantFrom(...BODY_ENCODINGS),
        who: whoArb,
      });
    });
    const seen = new Set<string>();
    const outcomes = new Tally();
    await assertWithBothSeeds(
      requestArb,
      async ({ route: name, method, request, encoding, who }) => {
        const route = byName.get(name)!;
        seen.add(name);
        const { params, query, body } = request as { params?: unknown; query?: unknown; body?: unknown };
        // Path parameters are text in the URL: what is not a string is sent as its JSON; nothing longer than Node's request line allows.
        const segment = (value: unknown) => encodeSegment((typeof value === "string" ? value : String(JSON.stringify(value))).slice(0, 2_000));
        const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => segment((params as Record<string, unknown> | null | undefined)?.[param]));
        const search = query && typeof query === "object" && Object.keys(query).length ? `?${qs.stringify(query, { encoder: (value) => segment(value) })}` : "";
        const token = tokenOf(who);
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        let payload: string | undefined;
        if (body !== undefined && method !== "GET") {
          if (encoding === "json") [payload, headers["content-type"]] = [JSON.stringify(body), "application/json"];
          else if (encoding === "form") [payload, headers["content-type"]] = [qs.stringify(body, { encoder: (value) => encodeSegment(String(value)) }), "application/x-www-form-urlencoded"];
          else if (encoding === "text") [payload, headers["content-type"]] = [String(JSON.stringify(body)), "text/plain"];
          else [payload, headers["content-type"]] = [String(JSON.stringify(body)).slice(0, -1) || "{", "application/json"];
        }
        const before = await fingerprint();
        const response = await server.http(`${path}${search}`, { method, headers, body: payload });
        const text = await response.text();
        outcomes.add(String(response.status));
        const context = `${method} ${path}${search} as ${who}, ${encoding} ${String(payload).slice(0, 300)}: ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, context).toBeLessThan(500);
        if (response.status >= 400) {
          expect(typeof JSON.parse(text).error, context).toBe("string");
          expect(await fingerprint(), context).toEqual(before);
        }
      },
      REST_RUNS,
    );
    console.log(`REST routes fuzzed: ${seen.size} of ${routes.length}; statuses: ${outcomes}`);
  });
});
