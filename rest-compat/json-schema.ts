// Small builders for the JSON Schemas in the route table: they keep the schemas short enough to read next
// to the seed they transcribe. Response objects list every key as required because the seed's bodies
// always carry every key (null when empty), and a contract test holds the server to that.
import type { JsonSchema } from "./route.js";

export const string = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: "string", description, ...extra });

export const timestamp = (description: string): JsonSchema => ({ type: "string", format: "date-time", description });

export const integer = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: "integer", description, ...extra });

export const boolean = (description: string): JsonSchema => ({ type: "boolean", description });

export const enumOf = (values: readonly string[], description: string): JsonSchema => ({ type: "string", enum: [...values], description });

export const arrayOf = (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({ type: "array", items, description, ...extra });

/** Allows null besides the schema's own type (OpenAPI 3.1 spells it as a type list, not `nullable`). */
export function nullable(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema, type: [schema.type, "null"] };
  if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
  return out;
}

/** A response object: every listed key is present. */
export const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: "object",
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  properties,
});

/** A request object: only `required` keys must be there; unknown keys are ignored (tolerant reader). */
export const requestObject = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: "object",
  required,
  properties,
});

/** The error body of every Varmply path (DESIGN §7; the seed's 4xx "Response fields"). */
export const errorBodySchema: JsonSchema = {
  type: "object",
  required: ["error", "message", "requestId", "timestamp"],
  properties: {
    error: enumOf(
      ["VALIDATION_ERROR", "UNAUTHORIZED", "PERMISSION_DENIED", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"],
      "Stable error code for programmatic handling.",
    ),
    message: string("User-friendly message, free of technical details."),
    technicalMessage: string("Detail for developers (ids, the rule that failed); only present when it differs from `message`."),
    details: {
      type: "object",
      description: "Structured detail. Validation errors carry `fields`: each offending request field → what is wrong with it.",
      properties: { fields: { type: "object", additionalProperties: { type: "string" } } },
    },
    requestId: string("The request's id, also in the X-Request-ID response header."),
    timestamp: timestamp("When the error happened (UTC)."),
  },
};
