// Small builders for the JSON Schemas of the route tables: they keep the schemas short enough to read next
// to the documentation they transcribe. Response objects list every key as required because the documented
// bodies always carry every key (null when empty), and a contract test holds the server to that.
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

/** A response object (`object`) with more keys, every one present too. */
export const withProperties = (schema: JsonSchema, properties: Record<string, JsonSchema>): JsonSchema => ({
  ...schema,
  required: [...((schema.required as string[] | undefined) ?? []), ...Object.keys(properties)],
  properties: { ...(schema.properties as Record<string, JsonSchema>), ...properties },
});

/** A request object: only `required` keys must be there; unknown keys are ignored (tolerant reader). */
export const requestObject = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: "object",
  required,
  properties,
});
