// What the server's logs may carry. Statement parameters, tokens, secrets and password hashes never reach
// them: database errors are logged by Postgres code, constraint, table and a short message (Drizzle's
// error message holds the SQL and every parameter, PGlite's errors carry both as fields), and keys that
// name a credential are redacted wherever they appear.
import { pino, type DestinationStream, type LoggerOptions } from "pino";

const CREDENTIAL_KEYS = [
  "password",
  "passwordHash",
  "newPassword",
  "currentPassword",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "secret",
  "clientSecret",
  "encryptionKey",
  "authorization",
  "cookie",
];

/** Each credential key at the top level and up to four levels down (pino's paths take one `*` per level). */
export const REDACTED_PATHS = [
  ...CREDENTIAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`, `*.*.*.*.${key}`]),
  'res.headers["set-cookie"]',
];

const REDACTED = "[redacted]";

/** The key of the request id in every log line: Fastify's request logs (its `requestIdLogLabel`) and ours. */
export const REQUEST_ID_LOG_KEY = "requestId";

// A query string value under one of these names is replaced before the URL is logged.
const SENSITIVE_QUERY_PARAMETER = /([?&](?:[^=&]*(?:pass|token|secret|key|code|auth|signature|variables)[^=&]*)=)[^&]*/gi;

/** Postgres messages quote the offending value after a colon (`invalid input syntax for type uuid: "…"`). */
const QUOTED_VALUE = /: (["']).*$/s;

const MAX_MESSAGE_LENGTH = 200;

interface DatabaseErrorSummary {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  routine?: string;
  stack?: string;
}

/** The errors an error stands for: itself, its `cause`s and GraphQL's `originalError`s. */
function chainOf(error: unknown): object[] {
  const chain: object[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    const next = current as { cause?: unknown; originalError?: unknown };
    current = next.originalError ?? next.cause;
  }
  return chain;
}

/** The class name where there is one (DrizzleQueryError leaves `name` as "Error"), else `name`. */
const nameOf = (error: object): string => {
  const className = error.constructor?.name;
  return className && className !== "Error" && className !== "Object" ? className : String((error as { name?: unknown }).name ?? "Error");
};

/** The error's own code (not its cause's): a Postgres SQLSTATE or a driver's connection code. */
const ownCode = (error: object): string | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
};

/** A failed statement (Drizzle, postgres.js, PGlite) or a lost connection; each may quote SQL and parameters. */
function isDatabaseError(error: object): boolean {
  const fields = error as { query?: unknown; params?: unknown; parameters?: unknown; severity?: unknown };
  return (
    ["DrizzleQueryError", "PostgresError", "DatabaseError", "DatabaseUnavailableError"].includes(String(nameOf(error))) ||
    fields.query !== undefined ||
    fields.params !== undefined ||
    fields.parameters !== undefined ||
    (typeof fields.severity === "string" && ownCode(error) !== undefined)
  );
}

const stringField = (error: object, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = (error as Record<string, unknown>)[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
};

function shortMessage(message: string): string {
  const firstLine = message.split("\n")[0]!.replace(QUOTED_VALUE, `: ${REDACTED}`);
  return firstLine.length > MAX_MESSAGE_LENGTH ? `${firstLine.slice(0, MAX_MESSAGE_LENGTH)}…` : firstLine;
}

/** The stack's frames without its first lines, which repeat the message (and so the SQL and parameters). */
const framesOf = (stack: unknown) =>
  typeof stack === "string" ? stack.split("\n").filter((line) => /^\s+at /.test(line)).join("\n") : undefined;

function summarizeDatabaseError(error: object, chain: object[]): DatabaseErrorSummary {
  // The innermost error that is not a wrapper says what the database said.
  const source = chain.find((link) => ownCode(link) !== undefined) ?? chain[chain.length - 1]!;
  const message = source instanceof Error || typeof (source as { message?: unknown }).message === "string" ? String((source as { message: unknown }).message) : "database error";
  const type = nameOf(error);
  const frames = framesOf((error as { stack?: unknown }).stack);
  const summary: DatabaseErrorSummary = {
    type,
    message: shortMessage(nameOf(source) === "DrizzleQueryError" ? "Failed query" : message),
    code: stringField(source, "code"),
    constraint: stringField(source, "constraint_name", "constraint"),
    table: stringField(source, "table_name", "table"),
    column: stringField(source, "column_name", "column"),
    schema: stringField(source, "schema_name", "schema"),
    routine: stringField(source, "routine"),
    stack: frames ? `${type}: ${shortMessage(message)}\n${frames}` : undefined,
  };
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as unknown as DatabaseErrorSummary;
}

/** pino's `err` serializer, except that database errors keep only what identifies the failure. */
export function serializeError(error: unknown): unknown {
  if (!error || typeof error !== "object") return error;
  const chain = chainOf(error);
  if (chain.some(isDatabaseError)) return summarizeDatabaseError(error, chain);
  return pino.stdSerializers.err(error as Error);
}

interface LoggableRequest {
  method: string;
  url: string;
  ip?: string;
  host?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer, with credentials in the query string (a GraphQL GET's variables) removed. */
function serializeRequest(request: LoggableRequest) {
  if (typeof request?.url !== "string") return request;
  return {
    method: request.method,
    url: request.url.replace(SENSITIVE_QUERY_PARAMETER, `$1${REDACTED}`),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Options for the server's pino logger (Fastify's `logger` option); `stream` receives the lines (tests). */
export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest as (request: unknown) => unknown },
    ...(stream ? { stream } : {}),
  };
}
