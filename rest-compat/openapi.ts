// GET /openapi.json: an OpenAPI 3.1 document generated from the route table, so every served path is
// documented with the same schemas that validate its requests.
import { MEDIA_TYPES, CODE_OF_STATUS, type ErrorStatus, type JsonSchema, type RestRoute } from "./route.js";
import { errorBodySchema } from "./json-schema.js";
import { userMessageOf } from "./errors.js";

const ERROR_REF = { $ref: "#/components/schemas/Error" };

const DESCRIPTION = `Varmply API – MVP backend for campaigns, wallets, authentication, and influencer participation.

These are the documented REST paths, kept for existing clients; each one runs a GraphQL operation of the
primary API (\`POST /graphql\`) in-process. Access tokens come from the GraphQL \`signIn\` mutation:

    curl -s localhost:3000/graphql -H 'content-type: application/json' \\
      -d '{"query":"mutation { signIn(input: { email: \\"you@example.com\\", password: \\"...\\" }) { accessToken } }"}'

Errors share one body: \`{ error, message, technicalMessage?, details?, requestId, timestamp }\`. Common error codes:
NOT_FOUND (404), VALIDATION_ERROR (400; also 405, 413 and 415), PERMISSION_DENIED (403), CONFLICT (409),
UNAUTHORIZED (401), INTERNAL_SERVER_ERROR (500), SERVICE_UNAVAILABLE (503).`;

const lowerCamel = (name: string) => name.replace(/[-/_{}.](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\W+/, "");

function operationId(route: RestRoute): string {
  return route.kind === "graphql" ? lowerCamel(route.operation) : lowerCamel(route.path);
}

/** A `params`/`query` object schema → OpenAPI parameter objects. */
function parameters(schema: JsonSchema | undefined, where: "path" | "query") {
  if (!schema) return [];
  const properties = schema.properties as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, examples, ...rest } = property as JsonSchema & { examples?: unknown[] };
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      description,
      schema: rest,
      ...(examples?.length ? { example: examples[0] } : {}),
    };
  });
}

function errorResponse(status: ErrorStatus, description: string) {
  const code = CODE_OF_STATUS[status];
  return {
    description,
    content: {
      "application/json": {
        schema: ERROR_REF,
        example: {
          error: code,
          message: userMessageOf(code),
          requestId: "550e8400-e29b-41d4-a716-446655440000",
          timestamp: "2024-01-01T12:00:00.000Z",
        },
      },
    },
  };
}

function operation(route: RestRoute) {
  const { request, success } = route;
  const graphql = route.kind === "graphql" ? ` Runs the GraphQL operation in \`rest-compat/operations/${route.operation}.graphql\`.` : "";
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    description: route.description + graphql,
    security: route.auth === "bearer" ? [{ bearerAuth: [] }] : [],
    parameters: [...parameters(request?.params, "path"), ...parameters(request?.query, "query")],
    ...(request?.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (request.bodyTypes ?? ["json"]).map((type) => [
                MEDIA_TYPES[type],
                { schema: request.body, ...(request.bodyExample ? { example: request.bodyExample } : {}) },
              ]),
            ),
          },
        }
      : {}),
    responses: {
      [success.status]: {
        description: success.response.description,
        content: { "application/json": { schema: success.response.schema ?? {}, example: success.response.example } },
      },
      ...Object.fromEntries(Object.entries(route.errors).map(([status, description]) => [status, errorResponse(Number(status) as ErrorStatus, description!)])),
      default: { description: "Any other error: 500 INTERNAL_SERVER_ERROR, 503 SERVICE_UNAVAILABLE", content: { "application/json": { schema: ERROR_REF } } },
    },
    ...(route.kind === "graphql" ? { "x-graphql-operation": route.operation } : {}),
  };
}

export function buildOpenApiDocument(routes: readonly RestRoute[], version = "0.1.0") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const tags = [...new Set(routes.map((route) => route.tag))].map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: { title: "Varmply Backend API", version, description: DESCRIPTION },
    servers: [{ url: "/", description: "This server" }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from the GraphQL `signIn` mutation." },
      },
      schemas: { Error: errorBodySchema },
    },
  };
}
