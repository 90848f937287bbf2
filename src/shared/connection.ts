// Relay connections: the GraphQL types, the arguments, and one batched page query for child lists.
import type { ClassType } from "type-graphql";
import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import { and, gt, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { getTableColumns } from "drizzle-orm";
import { ValidationFailed } from "./errors.js";
import type { Executor } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";

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

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." })
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

export function encodeCursor(id: number): string {
  return Buffer.from(`c:${id}`).toString("base64url");
}

export function parsePageArgs(args: ConnectionArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw ValidationFailed(`first must be between 1 and ${MAX_PAGE_SIZE}`, { first: `must be 1..${MAX_PAGE_SIZE}` });
  }
  if (args.after == null) return { first, afterId: null };
  const match = /^c:(\d{1,15})$/.exec(Buffer.from(args.after, "base64url").toString());
  if (!match) throw ValidationFailed("after is not a valid cursor", { after: "not a cursor from this API" });
  return { first, afterId: Number(match[1]) };
}

export function toConnection<T extends { id: number }>(page: Page<T>, hasPreviousPage: boolean): Connection<T> {
  const edges = page.nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
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
  options: { order: "asc" | "desc"; where?: SQL },
): Promise<Page<TRow>[]> {
  const ascending = options.order === "asc";
  const order = ascending ? sql`asc` : sql`desc`;
  const afterCursor =
    page.afterId === null ? sql`true` : ascending ? gt(table.id, page.afterId) : lt(table.id, page.afterId);
  const window = sql`partition by ${parentColumn} order by ${table.id} ${order}`;
  const ranked = executor
    .select({
      ...getTableColumns(table),
      _parent: sql<number>`${parentColumn}`.as("_parent"),
      _total: sql<number>`(count(*) over (partition by ${parentColumn}))::int`.as("_total"),
      _rank: sql<number>`(row_number() over (${window}))::int`.as("_rank"),
      _inPage: sql<boolean>`${afterCursor}`.as("_in_page"),
      _position: sql<number>`(count(*) filter (where ${afterCursor}) over (${window}))::int`.as("_position"),
    })
    .from(table)
    .where(and(sql`${parentColumn} = any(${arrayParam(parentIds, "int")})`, options.where))
    .as("ranked");
  const rows = (await executor
    .select()
    .from(ranked)
    .where(sql`(${ranked._inPage} and ${ranked._position} <= ${page.first + 1}) or ${ranked._rank} = 1`)
    .orderBy(sql`${ranked._parent}`, sql`${ranked._rank}`)) as unknown as (TRow & {
    _parent: number;
    _total: number;
    _rank: number;
    _inPage: boolean;
    _position: number;
  })[];

  const byParent = new Map<number, Page<TRow>>();
  for (const id of parentIds) byParent.set(id, { nodes: [], hasNextPage: false, totalCount: 0 });
  for (const { _parent, _total, _rank, _inPage, _position, ...row } of rows) {
    const entry = byParent.get(_parent)!;
    entry.totalCount = _total;
    if (!_inPage) continue;
    if (entry.nodes.length < page.first) entry.nodes.push(row as unknown as TRow);
    else entry.hasNextPage = true;
  }
  return parentIds.map((id) => byParent.get(id)!);
}
