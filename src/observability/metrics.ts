// Prometheus metrics at GET /metrics (prom-client, text format): HTTP requests by route pattern, GraphQL
// operations by name (on /graphql and on the REST paths, which run GraphQL operations in-process), the
// database pool, the scheduled refresher's progress, and the process's own metrics. Names and labels are
// listed in docs/operations.md, "Metrics".
import { timingSafeEqual, createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DatabaseHandle } from "../db/client.js";
import type { RefresherProgress } from "../metrics/refresher.js";

const PREFIX = "varmply_";

/** Seconds: from a health check's millisecond to a slow analytics query. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Requests that matched no route are counted under this route label, never under their URL. */
export const UNMATCHED_ROUTE = "(unmatched)";
/** Operation labels for what has no usable name. */
export const ANONYMOUS_OPERATION = "(anonymous)";
export const UNRESOLVED_OPERATION = "(unresolved)";
export const OTHER_OPERATION = "(other)";

/**
 * Operation names come from clients, so the label's values are capped: the first MAX_OPERATION_LABELS
 * distinct names keep their own series, later ones are counted as `(other)`.
 */
const MAX_OPERATION_LABELS = 200;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface ServerMetricsSources {
  database: DatabaseHandle;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<"method" | "route" | "status">;
  private readonly httpDuration: Histogram<"method" | "route" | "status">;
  private readonly operations: Counter<"operation" | "type" | "status">;
  private readonly operationDuration: Histogram<"operation" | "type">;
  private readonly operationNames = new Set<string>();
  private refresherProgress: (() => RefresherProgress) | undefined;

  constructor({ database }: ServerMetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.httpRequests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: "HTTP requests answered, by method, route pattern and status code",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.httpDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "Time from a request's arrival to the end of its answer, by method, route pattern and status code",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.operations = new Counter({
      name: `${PREFIX}graphql_operations_total`,
      help: "GraphQL operations (on /graphql and behind the REST paths), by operation name, type and status: ok or the first error's code",
      labelNames: ["operation", "type", "status"],
      registers,
    });
    this.operationDuration = new Histogram({
      name: `${PREFIX}graphql_operation_duration_seconds`,
      help: "Time to run a GraphQL operation, from parsing to the answer, by operation name and type",
      labelNames: ["operation", "type"],
      buckets: LATENCY_BUCKETS,
      registers,
    });

    new Counter({
      name: `${PREFIX}db_statements_total`,
      help: "SQL statements sent to the database",
      labelNames: ["driver"],
      registers,
      collect() {
        this.reset();
        this.inc({ driver: database.driver }, database.statementCount);
      },
    });
    const pool = () => database.pool();
    new Gauge({
      name: `${PREFIX}db_pool_connections`,
      help: "Connections the pool may open (PGlite: one, in process)",
      labelNames: ["driver"],
      registers,
      collect() {
        this.set({ driver: database.driver }, pool()?.size ?? 1);
      },
    });
    // Occupancy exists only for a PostgreSQL server's pool: on PGlite these have no samples.
    new Gauge({
      name: `${PREFIX}db_pool_connections_in_use`,
      help: "Queries and transactions holding a pool connection (PostgreSQL server only)",
      labelNames: ["driver"],
      registers,
      collect() {
        const stats = pool();
        if (stats) this.set({ driver: database.driver }, stats.inUse);
      },
    });
    new Gauge({
      name: `${PREFIX}db_pool_waiting`,
      help: "Queries and transactions waiting for a pool connection (PostgreSQL server only)",
      labelNames: ["driver"],
      registers,
      collect() {
        const stats = pool();
        if (stats) this.set({ driver: database.driver }, stats.waiting);
      },
    });
    new Counter({
      name: `${PREFIX}db_pool_acquire_timeouts_total`,
      help: "Waits for a pool connection that gave up after DATABASE_ACQUIRE_TIMEOUT_MS and answered 503 (PostgreSQL server only)",
      labelNames: ["driver"],
      registers,
      collect() {
        const stats = pool();
        this.reset();
        if (stats) this.inc({ driver: database.driver }, stats.acquireTimeouts);
      },
    });

    // The refresher's figures exist only while one runs in this process (WORKER_IN_SERVER).
    const progress = () => this.refresherProgress?.();
    const refresherCounter = (name: string, help: string, read: (progress: RefresherProgress) => number) =>
      new Counter({
        name: `${PREFIX}refresher_${name}`,
        help,
        registers,
        collect() {
          const current = progress();
          this.reset();
          if (current) this.inc(read(current));
        },
      });
    refresherCounter("rounds_total", "Rounds of the scheduled metrics refresher that completed", (p) => p.rounds);
    refresherCounter("failed_rounds_total", "Rounds of the scheduled metrics refresher that ended in an error", (p) => p.failedRounds);
    refresherCounter("claimed_total", "Submissions the scheduled refresher claimed and attempted", (p) => p.claimed);
    refresherCounter("succeeded_total", "Submissions the scheduled refresher refreshed", (p) => p.succeeded);
    refresherCounter("failed_total", "Submissions whose refresh by the scheduled refresher failed (recorded as failed ingestion attempts)", (p) => p.failed);
    new Gauge({
      name: `${PREFIX}refresher_last_round_end_timestamp_seconds`,
      help: "When the scheduled refresher's last round ended (Unix time)",
      registers,
      collect() {
        const current = progress();
        if (current?.lastRoundEndedAt) this.set(current.lastRoundEndedAt / 1000);
      },
    });
  }

  /** Reports the progress of the refresher running in this process. */
  watchRefresher(progress: () => RefresherProgress): void {
    this.refresherProgress = progress;
  }

  /** Counts an answered request under its route pattern (`/participations/:participationId`), never its URL. */
  recordRequest(request: FastifyRequest, reply: FastifyReply): void {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: String(reply.statusCode) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, reply.elapsedTime / 1000);
  }

  private operationLabel(name: string | null | undefined): string {
    if (name === undefined) return UNRESOLVED_OPERATION;
    if (name === null || name === "") return ANONYMOUS_OPERATION;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_LABELS) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }

  /** Apollo plugin: counts and times every operation. */
  graphqlPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        let operation: string | null | undefined;
        let type = "unknown";
        return {
          async didResolveOperation({ operationName, operation: definition }) {
            operation = operationName ?? null;
            type = definition?.operation ?? type;
          },
          async willSendResponse({ response }) {
            const errors = response.body.kind === "single" ? response.body.singleResult.errors : response.body.initialResult.errors;
            const code = errors?.[0]?.extensions?.code;
            const status = !errors?.length ? "ok" : typeof code === "string" && ERROR_CODE.test(code) ? code : "ERROR";
            const label = metrics.operationLabel(operation);
            metrics.operations.inc({ operation: label, type, status });
            metrics.operationDuration.observe({ operation: label, type }, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}

/** Equal-time comparison of a presented token with the configured one (hashed first: lengths may differ). */
function tokenMatches(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export interface MetricsRouteOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** How a refused scrape is answered (the path's error shape). */
  unauthorized: () => Error;
}

/** Counts every answered request; call before any route or scope is registered so that it sees them all. */
export function countRequests(fastify: FastifyInstance, metrics: ServerMetrics): void {
  fastify.addHook("onResponse", async (request, reply) => metrics.recordRequest(request, reply));
}

/** GET /metrics in Prometheus's text format. */
export function serveMetrics(fastify: FastifyInstance, metrics: ServerMetrics, { token, unauthorized }: MetricsRouteOptions): void {
  fastify.get("/metrics", async (request, reply) => {
    if (token !== undefined) {
      const presented = /^Bearer +(\S+)$/i.exec(request.headers.authorization?.trim() ?? "")?.[1];
      if (!presented || !tokenMatches(presented, token)) throw unauthorized();
    }
    reply.header("cache-control", "no-store").type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
