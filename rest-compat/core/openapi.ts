// GET /openapi.json: an OpenAPI 3.1 document generated from the route tables, so every served path is
// documented with the same schemas that validate its requests, and each dialect's error body and security
// schemes are published once.
import { MEDIA_TYPES, CODE_OF_STATUS, type ErrorStatus, type JsonSchema } from "./route.js";
import { resolveRoute, type Dialect, type ResolvedRoute, type RouteTable } from "./dialect.js";
import { operationFor, type Operations } from "./operations.js";

const lowerCamel = (name: string) => name.replace(/[-/_{}.](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\W+/, "");

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

function errorResponse(dialect: Dialect, status: ErrorStatus, description: string) {
  const schema = { $ref: `#/components/schemas/${dialect.openapi.errorSchemaName}` };
  return { description, content: { "application/json": { schema, example: dialect.openapi.errorExample(CODE_OF_STATUS[status]) } } };
}

function operation(route: ResolvedRoute, operations: Operations, sharedOperations: ReadonlySet<string>) {
  const { request, success, dialect } = route;
  const graphql = route.kind === "graphql" ? operationFor(operations, route.operation) : undefined;
  return {
    // operationIds must be unique: paths that run one operation between them (a status change under three
    // names) are told apart by their paths.
    operationId: lowerCamel(graphql && !sharedOperations.has(graphql.name) ? graphql.name : route.path),
    tags: [route.tag],
    summary: route.summary,
    description: route.description + (graphql ? ` Runs the GraphQL operation in \`${graphql.file}\`.` : ""),
    security: route.authKind.security,
    parameters: [...parameters(request.params, "path"), ...parameters(request.query, "query")],
    ...(request.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              request.bodyTypes.map((type) => [MEDIA_TYPES[type], { schema: request.body, ...(request.bodyExample ? { example: request.bodyExample } : {}) }]),
            ),
          },
        }
      : {}),
    responses: {
      [success.status]: {
        description: success.response.description,
        content: { "application/json": { schema: success.response.schema ?? {}, example: success.response.example } },
      },
      ...Object.fromEntries(Object.entries(route.errors).map(([status, text]) => [status, errorResponse(dialect, Number(status) as ErrorStatus, text!)])),
      default: {
        description: dialect.openapi.defaultResponse,
        content: { "application/json": { schema: { $ref: `#/components/schemas/${dialect.openapi.errorSchemaName}` } } },
      },
    },
    ...(graphql ? { "x-graphql-operation": graphql.name } : {}),
  };
}

export interface DocumentInfo {
  title: string;
  version: string;
  /** Opens the description; each dialect with routes adds its own paragraph. */
  summary: string;
}

/** The document for the tables' routes; a dialect without routes adds nothing to it. */
export function buildOpenApiDocument(tables: readonly RouteTable[], operations: Operations, info: DocumentInfo) {
  const served = tables.filter((table) => table.routes.length);
  const routes = served.flatMap(({ dialect, routes }) => routes.map((route) => resolveRoute(dialect, route)));
  const operationNames = routes.flatMap((route) => (route.kind === "graphql" ? [operationFor(operations, route.operation).name] : []));
  const shared = new Set(operationNames.filter((name, index) => operationNames.indexOf(name) !== index));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, operations, shared);
  return {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version, description: [info.summary, ...served.map(({ dialect }) => dialect.openapi.description)].join("\n\n") },
    servers: [{ url: "/", description: "This server" }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: Object.assign({}, ...served.map(({ dialect }) => dialect.openapi.securitySchemes)),
      schemas: Object.fromEntries(served.map(({ dialect }) => [dialect.openapi.errorSchemaName, dialect.openapi.errorSchema])),
    },
  };
}
