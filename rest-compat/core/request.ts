// Request validation for every dialect: path parameters, query string and body are checked against the
// route's JSON Schemas before any GraphQL runs, so a malformed request is a 400 VALIDATION_ERROR whose
// `details.fields` names the offending field the way the client spelled it.
import { createRequire } from "node:module";
import type { FastifyRequest } from "fastify";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { MEDIA_TYPES, type JsonSchema, type RestInput } from "./route.js";
import type { ResolvedRoute } from "./dialect.js";
import { FIELDS_MESSAGE, RestFailure } from "./failure.js";

// Ajv and ajv-formats are CommonJS with an `exports.default` that TypeScript's NodeNext view of a default
// import does not see; requiring them gives the constructor and the plugin as they are.
const require = createRequire(import.meta.url);
const Ajv = require("ajv") as typeof import("ajv").default;
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;

function newAjv(options: Options) {
  const ajv = new Ajv({ allErrors: true, strict: true, ...options });
  addFormats(ajv);
  return ajv;
}

// A JSON body is taken as typed: `"platform": 1` is an error, not the string "1" (unless its dialect reads
// JSON like form fields). Path parameters, query strings and form fields are always text, so those
// validators coerce ("3" → 3, "a" → ["a"]).
const exact = newAjv({ coerceTypes: false });
const coercing = newAjv({ coerceTypes: "array" });

const FORMAT_HINTS: Record<string, string> = {
  "date-time": "must be an ISO 8601 date-time with a time zone, e.g. 2024-01-01T12:00:00Z",
  uri: "must be an absolute URL",
};

/** Ajv's `/declared_hashtags/0` → `declared_hashtags[0]`. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
}

function problemOf(error: ErrorObject): [field: string, problem: string] {
  const at = fieldPath(error.instancePath);
  switch (error.keyword) {
    case "required":
      return [at ? `${at}.${error.params.missingProperty}` : String(error.params.missingProperty), "is required"];
    case "enum":
      return [at, `must be one of ${(error.params.allowedValues as unknown[]).join(", ")}`];
    case "format":
      return [at, FORMAT_HINTS[error.params.format as string] ?? `must be a valid ${error.params.format}`];
    case "type":
      return [at, `must be ${error.params.type === "object" ? "a JSON object" : `a${/^[aeiou]/.test(error.params.type) ? "n" : ""} ${error.params.type}`}`];
    default:
      return [at, error.message ?? "is not valid"];
  }
}

/** Every offending field with its first problem; the body itself is named `body`. */
export function fieldsOf(errors: readonly ErrorObject[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const [field, problem] = problemOf(error);
    fields[field || "body"] ??= problem;
  }
  return fields;
}

export function validationFailure(fields: Record<string, string>): RestFailure {
  return new RestFailure(400, "VALIDATION_ERROR", FIELDS_MESSAGE, {
    technicalMessage: Object.entries(fields)
      .map(([field, problem]) => `${field} ${problem}`)
      .join("; "),
    details: { fields },
  });
}

export interface RequestValidator {
  (request: FastifyRequest): RestInput;
}

/** Compiles the entry's schemas once; the returned function checks one request against them. */
export function compileRequestValidator(route: ResolvedRoute): RequestValidator {
  const compile = (ajv: typeof exact, schema: JsonSchema | undefined): ValidateFunction | undefined => schema && ajv.compile(schema);
  const params = compile(coercing, route.request?.params);
  const query = compile(coercing, route.request?.query);
  const jsonBody = compile(route.dialect.coercesJsonLikeForm ? coercing : exact, route.request?.body);
  const formBody = compile(coercing, route.request?.body);

  return (request) => {
    const input: RestInput = {
      params: { ...(request.params as Record<string, string>) },
      query: { ...(request.query as Record<string, unknown>) },
      // A dialect whose paths take an empty body where nothing is required reads no body as `{}`.
      body: (request.body ?? (route.dialect.emptyBodyIsObject ? {} : undefined)) as Record<string, unknown>,
    };
    const isForm = (request.headers["content-type"] ?? "").toLowerCase().startsWith(MEDIA_TYPES.form);
    const fields = {
      ...(params && !params(input.params) ? fieldsOf(params.errors!) : {}),
      ...(query && !query(input.query) ? fieldsOf(query.errors!) : {}),
    };
    const body = isForm ? formBody : jsonBody;
    if (body && !body(input.body)) Object.assign(fields, fieldsOf(body.errors!));
    if (Object.keys(fields).length) throw validationFailure(fields);
    return input;
  };
}
