// Relay connections: the GraphQL types, the arguments, opaque cursors, and one batched page query for child lists.
import type { ClassType } from "type-graphql";
import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import { getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { Column, getTableColumns } from "drizzle-orm";
import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { ValidationFailed } from "./errors.js";
import type { Encryption } from "./encryption.js";
import { preparedArrays, type Executor } from "../db/client.js";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType("PageInfo")
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The previous page's `pageInfo.endCursor` in this same list; cursors are opaque." })
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: "Number of items in the whole list, across pages." }) totalCount!: number;
  }
  return ConnectionClass as ClassType<Connection<T>>;
}

/**
 * Cost of a connection field for the complexity limit: its children times the page size asked for. The
 * size is clamped to 1..MAX_PAGE_SIZE: a `first` outside it fails in the resolver anyway, and a negative
 * one must not make the cost negative and pay for expensive siblings that do run.
 */
export const connectionComplexity = ({ args, childComplexity }: { args: { first?: number | null }; childComplexity: number }) =>
  1 + childComplexity * Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

export interface PageRequest {
  first: number;
  /** Integer id of the last row of the previous page. */
  afterId: number | null;
}

/**
 * Cursors are opaque: AES-256-GCM over the row id, with a key derived from ENCRYPTION_KEY (so every process
 * sharing the database reads them) and the list's name as associated data, so a cursor names no row, cannot
 * be forged or altered, and one list's cursor is refused by another. The nonce is derived from the list and
 * the id (HMAC), so the same row in the same list always has the same cursor and equal pages answer equal
 * bodies; GCM's nonce must only never repeat for different plaintexts, which a keyed hash of the plaintext
 * guarantees.
 */
const CURSOR_VERSION = 1;
const NONCE_BYTES = 12;
const ID_BYTES = 8;
const TAG_BYTES = 16;
const CURSOR_BYTES = 1 + NONCE_BYTES + ID_BYTES + TAG_BYTES;

class CursorCipher {
  private readonly aeadKey: Buffer;
  private readonly nonceKey: Buffer;

  constructor(encryption: Encryption) {
    this.aeadKey = encryption.deriveKey("cursor:aead");
    this.nonceKey = encryption.deriveKey("cursor:nonce");
  }

  seal(list: string, id: number): string {
    const associated = Buffer.from(`${CURSOR_VERSION}:${list}`);
    const plaintext = Buffer.alloc(ID_BYTES);
    plaintext.writeBigUInt64BE(BigInt(id));
    const nonce = createHmac("sha256", this.nonceKey).update(associated).update(plaintext).digest().subarray(0, NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.aeadKey, nonce, { authTagLength: TAG_BYTES }).setAAD(associated);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(CURSOR_VERSION), nonce, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The id sealed in `cursor` for `list`, or undefined when it is not such a cursor. */
  open(list: string, cursor: string): number | undefined {
    const bytes = Buffer.from(cursor, "base64url");
    // Node skips characters outside the alphabet: only the canonical spelling of the bytes is a cursor.
    if (bytes.length !== CURSOR_BYTES || bytes[0] !== CURSOR_VERSION || bytes.toString("base64url") !== cursor) return undefined;
    const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
    const body = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + ID_BYTES);
    const tag = bytes.subarray(1 + NONCE_BYTES + ID_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.aeadKey, nonce, { authTagLength: TAG_BYTES })
        .setAAD(Buffer.from(`${CURSOR_VERSION}:${list}`))
        .setAuthTag(tag);
      const id = Buffer.concat([decipher.update(body), decipher.final()]).readBigUInt64BE();
      return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
    } catch {
      return undefined; // the tag does not match: altered, forged, another list's, or another key's
    }
  }
}

const cursorCiphers = new WeakMap<Encryption, CursorCipher>();

/** The cursors of one list (e.g. "Query.campaigns", "Participation.submissions"). */
export interface ListCursors {
  encode(id: number): string;
  /** The row id a cursor from this list stands for; anything else is VALIDATION_ERROR naming `after`. */
  decode(cursor: string): number;
}

/** The cursors of `list`, keyed by the app's encryption key material. */
export function listCursors(context: { app: { encryption: Encryption } }, list: string): ListCursors {
  const { encryption } = context.app;
  let cipher = cursorCiphers.get(encryption);
  if (!cipher) cursorCiphers.set(encryption, (cipher = new CursorCipher(encryption)));
  const keyed = cipher;
  return {
    encode: (id) => keyed.seal(list, id),
    decode(cursor) {
      const id = keyed.open(list, cursor);
      if (id === undefined) throw ValidationFailed("after is not a valid cursor", { after: "not a cursor of this list: pass an endCursor this list answered" });
      return id;
    },
  };
}

export function parsePageArgs(args: ConnectionArgs, cursors: ListCursors): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw ValidationFailed(`first must be between 1 and ${MAX_PAGE_SIZE}`, { first: `must be 1..${MAX_PAGE_SIZE}` });
  }
  if (args.after == null) return { first, afterId: null };
  return { first, afterId: cursors.decode(args.after) };
}

/**
 * Cursors are sealed only when asked for (about 10 µs each): most pages ask for `endCursor` alone. The
 * getters live on these classes' prototypes: an object literal with a getter allocated a closure and an
 * accessor pair per edge, a sixth of the dashboard's allocations besides graphql-js (docs/performance.md).
 */
class LazyEdge<T extends { id: number }> {
  constructor(
    readonly node: T,
    private readonly cursors: ListCursors,
  ) {}

  get cursor(): string {
    return this.cursors.encode(this.node.id);
  }
}

class LazyPageInfo<T extends { id: number }> implements PageInfo {
  constructor(
    private readonly nodes: T[],
    private readonly cursors: ListCursors,
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.nodes.length ? this.cursors.encode(this.nodes[0]!.id) : null;
  }

  get endCursor(): string | null {
    return this.nodes.length ? this.cursors.encode(this.nodes[this.nodes.length - 1]!.id) : null;
  }
}

export function toConnection<T extends { id: number }>(page: Page<T>, request: PageRequest, cursors: ListCursors): Connection<T> {
  const edges = new Array<LazyEdge<T>>(page.nodes.length);
  for (let i = 0; i < edges.length; i++) edges[i] = new LazyEdge(page.nodes[i]!, cursors);
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: new LazyPageInfo(page.nodes, cursors, page.hasNextPage, request.afterId !== null),
  };
}

const tableColumns = new WeakMap<PgTable, [string, PgColumn][]>();

/** A table's columns by their property names, computed once per table. */
function columnsOf(table: PgTable): [string, PgColumn][] {
  let columns = tableColumns.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    tableColumns.set(table, columns);
  }
  return columns;
}

/** The columns a page statement answers after the table's own, in this order. */
const PAGE_COLUMNS = ["_parent", "_total", "_inPage"] as const;
type PageRow<TRow> = TRow & { _parent: number; _total: number; _inPage: boolean };

const rowBuilders = new WeakMap<PgTable, (values: unknown[]) => Record<string, unknown>>();
/**
 * Builds a table's row object from a page statement's array of values: one object literal with every
 * property at once (the driver's object rows grow property by property, a copy of the property store each
 * few columns), each column decoded by its own column where it has a decoder of its own (timestamps, arrays,
 * numbers), so values are exactly Drizzle's. Generated once per table from its column names, which are this
 * repository's schema (schema/tables.ts), never input.
 */
function rowBuilderOf(table: PgTable): (values: unknown[]) => Record<string, unknown> {
  let build = rowBuilders.get(table);
  if (!build) {
    const columns = columnsOf(table);
    const properties = columns.map(([key, column], i) => {
      const decoded = column.mapFromDriverValue !== Column.prototype.mapFromDriverValue;
      const value = isDateTimestamp(column)
        ? `v[${i}] == null ? v[${i}] : new Date(v[${i}])`
        : decoded
          ? `v[${i}] == null ? v[${i}] : c[${i}].mapFromDriverValue(v[${i}])`
          : `v[${i}]`;
      return `${JSON.stringify(key)}: ${value}`;
    });
    PAGE_COLUMNS.forEach((key, i) => properties.push(`${JSON.stringify(key)}: v[${columns.length + i}]`));
    build = new Function("c", `return (v) => ({ ${properties.join(", ")} });`)(columns.map(([, column]) => column)) as (values: unknown[]) => Record<string, unknown>;
    rowBuilders.set(table, build);
  }
  return build;
}

/** A timestamp column that Drizzle answers as a Date (mode "date", with or without time zone). */
function isDateTimestamp(column: PgColumn): boolean {
  return column.columnType === "PgTimestamp";
}

/**
 * A column as the page statement selects it. Timestamps travel as epoch milliseconds and become Dates with
 * `new Date(ms)`: parsing PostgreSQL's text form (`2024-01-01 12:00:00.123456+00`, not the ISO form V8
 * parses fast) was a tenth of the dashboard's CPU. Exact: `extract` answers numeric, and `floor` truncates
 * the microseconds as Date's parser does (the same Date Drizzle makes: `test/graphql/page-rows.test.ts`).
 */
function selected(column: PgColumn): SQL {
  return isDateTimestamp(column) ? sql`floor(extract(epoch from ${column}) * 1000)::float8` : sql`${column}`;
}

/**
 * The page statement of one shape, its values as placeholders (`parents`, `after`, `limit`, `filter`). Raw
 * rows, as arrays, made into objects by rowBuilderOf: Drizzle's row mapping of a subquery (an entity check
 * and an alias proxy per column per row) was a sixth of the dashboard's CPU, and the driver's object rows a
 * sixth of its allocations (docs/performance.md).
 */
function pageStatement(table: PgTable & { id: PgColumn }, parentColumn: PgColumn, order: "asc" | "desc", afterCursor: boolean, filterColumn?: PgColumn): SQL {
  const ascending = order === "asc";
  const inPage = !afterCursor ? sql`true` : ascending ? sql`${table.id} > ${sql.placeholder("after")}` : sql`${table.id} < ${sql.placeholder("after")}`;
  const window = sql`partition by ${parentColumn} order by ${table.id} ${ascending ? sql`asc` : sql`desc`}`;
  const columns = columnsOf(table);
  const filter = filterColumn ? sql` and ${filterColumn} = ${sql.placeholder("filter")}` : sql``;
  return sql`select ${sql.join([...columns.map(([key]) => key), ...PAGE_COLUMNS].map((key) => sql.identifier(key)), sql`, `)} from (
      select ${sql.join(columns.map(([key, column]) => sql`${selected(column)} as ${sql.identifier(key)}`), sql`, `)},
        ${parentColumn} as "_parent",
        (count(*) over (partition by ${parentColumn}))::int as "_total",
        (row_number() over (${window}))::int as "_rank",
        (${inPage}) as "_inPage",
        (count(*) filter (where ${inPage}) over (${window}))::int as "_position"
      from ${table}
      where ${parentColumn} = any(${sql.placeholder("parents")}::int[])${filter}
    ) as ranked
    where ("_inPage" and "_position" <= ${sql.placeholder("limit")}) or "_rank" = 1
    order by "_parent", "_rank"`;
}

/**
 * One page of children for many parents in a single statement. Window functions give each parent's total,
 * and each row's position after the cursor; the first row of every parent is kept so that a parent whose
 * rows all lie before the cursor still reports its total. Results come back in key order.
 */
export async function pagesByParent<TRow extends { id: number }>(
  executor: Executor,
  table: PgTable & { id: PgColumn },
  parentColumn: PgColumn,
  parentIds: readonly number[],
  page: PageRequest,
  options: { order: "asc" | "desc"; filter?: { column: PgColumn; equals: number } },
): Promise<Page<TRow>[]> {
  // One statement text per shape (table, parent, order, cursor or not, filter or not), built once per
  // executor; the keys, the cursor, the page size and the filter's value are its parameters.
  const shape = [getTableName(table), parentColumn.name, options.order, page.afterId === null ? "first" : "after", options.filter?.column.name ?? ""].join(":");
  const run = preparedArrays(executor, `page:${shape}`, () => pageStatement(table, parentColumn, options.order, page.afterId !== null, options.filter?.column));
  const values = await run({ parents: [...parentIds], after: page.afterId, limit: page.first + 1, filter: options.filter?.equals });
  const build = rowBuilderOf(table);

  const byParent = new Map<number, Page<TRow>>();
  for (const id of parentIds) byParent.set(id, { nodes: [], hasNextPage: false, totalCount: 0 });
  // The rows keep their _ columns (copying each row without them cost more than they do).
  for (const value of values) {
    const row = build(value) as PageRow<TRow>;
    const entry = byParent.get(row._parent)!;
    entry.totalCount = row._total;
    if (!row._inPage) continue;
    if (entry.nodes.length < page.first) entry.nodes.push(row);
    else entry.hasNextPage = true;
  }
  return parentIds.map((id) => byParent.get(id)!);
}
