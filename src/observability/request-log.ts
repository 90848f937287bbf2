// What a request's log lines carry besides Fastify's own: the caller's W3C trace context (`traceparent`), and
// on the access log line ("request completed") the GraphQL operation it ran and the signed-in user's public id.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { ApolloServerPlugin } from "@apollo/server";
import { REQUEST_ID_LOG_KEY } from "../logging.js";

/**
 * `version-traceid-parentid-flags`, lower-case hex (https://www.w3.org/TR/trace-context/#traceparent-header).
 * Version 00 has exactly these four fields; a later version may append more after a dash, which are ignored.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export interface TraceContext {
  traceId: string;
  /** The caller's span: the parent of whatever this request does. */
  parentId: string;
  /** `01` when the caller samples the trace. */
  traceFlags: string;
}

/** The trace context of a `traceparent` header, or undefined when there is none or it is malformed (then it is ignored). */
export function parseTraceparent(header: string | string[] | undefined): TraceContext | undefined {
  if (typeof header !== "string" || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, traceFlags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, traceFlags };
}

/**
 * Fastify's `childLoggerFactory`: the request's logger carries the request id (under `requestIdLogLabel`)
 * and, when the caller sent a valid `traceparent`, its trace id and parent id, so every line the request
 * logs can be found from the caller's trace.
 */
export function requestChildLogger(
  this: FastifyInstance,
  logger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: object,
  rawRequest: IncomingMessage,
): FastifyBaseLogger {
  const trace = parseTraceparent(rawRequest.headers.traceparent);
  return logger.child(trace ? { ...bindings, traceId: trace.traceId, parentId: trace.parentId } : bindings, options);
}

/** Fields added to a request's access log line once they are known. */
export interface AccessLogFields {
  /** The GraphQL operation's name (`(anonymous)` for an unnamed one). */
  operationName?: string;
  /** The signed-in user's public id (`user_…`); never an email. */
  userId?: string;
}

const MAX_OPERATION_NAME_LENGTH = 128;

const accessLogFields = new WeakMap<FastifyRequest, AccessLogFields>();

/**
 * The request whose handler is running. Entered in a preHandler hook (after the body is read, so that no
 * stream callback loses it), it reaches everything the handler runs, GraphQL plugins and resolvers included.
 */
const currentRequest = new AsyncLocalStorage<FastifyRequest>();

/** The request being handled in this async context, if any (an operation run outside HTTP has none). */
export function requestInScope(): FastifyRequest | undefined {
  return currentRequest.getStore();
}

/** Adds fields to the access log line of the request being handled (nothing outside a request). */
export function noteForAccessLog(fields: AccessLogFields): void {
  const request = currentRequest.getStore();
  if (!request) return;
  const noted = { ...accessLogFields.get(request), ...fields };
  if (noted.operationName && noted.operationName.length > MAX_OPERATION_NAME_LENGTH) {
    noted.operationName = `${noted.operationName.slice(0, MAX_OPERATION_NAME_LENGTH)}…`;
  }
  accessLogFields.set(request, noted);
}

/** Installs the hook that makes the request known to what its handler runs; call before any route or scope. */
export function registerRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook("preHandler", (request, _reply, done) => currentRequest.run(request, done));
}

/**
 * Fastify's `logController`: the request id under REQUEST_ID_LOG_KEY in every request's lines, and the fields
 * noted for the access log on its "request completed" (or "request errored") line.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: REQUEST_ID_LOG_KEY });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    const fields = accessLogFields.get(request);
    if (!fields) return super.requestCompleted(error, request, reply, metadata);
    if (this.isLogDisabled(request)) return;
    // Fastify's own line (its LogController.requestCompleted) with the noted fields ahead of its keys: pino
    // writes a child logger's bindings just before the line's own keys, so this is the line a child logger
    // carrying the fields would write, without building one (and its serialized bindings) per request.
    if (error) reply.log.error({ ...fields, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.info({ ...fields, res: reply, responseTime: reply.elapsedTime }, "request completed");
  }
}

/**
 * Apollo plugin: notes each operation's name and the signed-in user (`viewerId` reads the public id from the
 * context) on the access log line of the request that runs it, on /graphql and on the REST paths alike.
 */
export function accessLogPlugin<TContext extends object>(viewerId: (context: TContext) => string | undefined): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const userId = viewerId(contextValue);
      if (userId) noteForAccessLog({ userId });
      return {
        async didResolveOperation({ operationName }) {
          noteForAccessLog({ operationName: operationName ?? "(anonymous)" });
        },
      };
    },
  };
}
