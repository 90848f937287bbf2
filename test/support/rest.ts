// Helpers for the REST contract tests: calls with a token, the error-shape check (README, "Errors"), and a
// shape checker that holds a body to a hand-written key list transcribed from the seed.
import { createRequire } from "node:module";
import { expect } from "vitest";
import type { ValidateFunction } from "ajv";
import type { TestServer } from "./server.js";

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string;
  /** A JSON value, or a raw string sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call<T = any>(server: TestServer, method: string, path: string, options: CallOptions = {}): Promise<RestResponse<T>> {
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== "string") headers["content-type"] = "application/json";
  }
  const response = await server.http(path, { method, headers: { ...headers, ...options.headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text, the assertions will say so
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A documented key's JSON type: `string`, `integer`, `boolean`, `timestamp` (ISO 8601 UTC with Z), with
 * `|null` when it may be null; `[spec]` for a list; a nested object for an object.
 */
export type Spec = string | Spec[] | { [key: string]: Spec };

/** Checks that `value` has exactly the keys of `spec`, each of its JSON type. */
export function expectShape(value: unknown, spec: Spec, path = "body"): void {
  if (typeof spec === "string") {
    const [type, nullable] = spec.split("|");
    if (value === null) {
      expect(nullable, `${path} is null but is documented as ${spec}`).toBe("null");
      return;
    }
    if (type === "timestamp") expect(value, `${path} must be an ISO 8601 UTC timestamp`).toMatch(ISO_UTC);
    else if (type === "integer") expect(Number.isInteger(value), `${path} must be an integer, got ${JSON.stringify(value)}`).toBe(true);
    else expect(typeof value, `${path} must be a ${type}`).toBe(type);
    return;
  }
  if (Array.isArray(spec)) {
    expect(Array.isArray(value), `${path} must be an array`).toBe(true);
    (value as unknown[]).forEach((item, index) => expectShape(item, spec[0]!, `${path}[${index}]`));
    return;
  }
  expect(value !== null && typeof value === "object" && !Array.isArray(value), `${path} must be an object`).toBe(true);
  expect(Object.keys(value as object).sort(), `${path} keys`).toEqual(Object.keys(spec).sort());
  for (const [key, child] of Object.entries(spec)) expectShape((value as Record<string, unknown>)[key], child, `${path}.${key}`);
}

/** The Varmply REST error body (README, "Errors"), its status and code; `requestId` equals the X-Request-ID header. */
export function expectError(response: RestResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = response.body as Record<string, unknown>;
  expect(body.error).toBe(code);
  expect(typeof body.message).toBe("string");
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  expect(body.timestamp).toMatch(ISO_UTC);
  if ("technicalMessage" in body) expect(typeof body.technicalMessage).toBe("string");
  if ("details" in body) expect(typeof body.details).toBe("object");
  const allowed = new Set(["error", "message", "technicalMessage", "details", "requestId", "timestamp"]);
  expect(Object.keys(body).filter((key) => !allowed.has(key))).toEqual([]);
}

/** A validation error naming `field` in details.fields. */
export function expectFieldError(response: RestResponse, field: string): void {
  expectError(response, 400, "VALIDATION_ERROR");
  expect(Object.keys(response.body.details?.fields ?? {}), JSON.stringify(response.body)).toContain(field);
}

// Ajv for JSON Schema 2020-12, the dialect of OpenAPI 3.1. CommonJS, so required as it is.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js").default;
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;

export function schemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const cache = new Map<object, ValidateFunction>();
  return (schema: object, value: unknown): string[] => {
    let validate = cache.get(schema);
    if (!validate) cache.set(schema, (validate = ajv.compile(schema)));
    return validate(value) ? [] : validate.errors!.map((error) => `${error.instancePath || "/"} ${error.message}`);
  };
}
