// Queries run as compiled functions (graphql-jit) once their document has been seen before. graphql-js
// interprets an operation field by field: for every field of every object it builds a path, an info object
// and an argument dictionary and walks the selection again; in a large answer (the brand dashboard of
// docs/performance.md) that per-field work was a third of the bytes a request allocated. graphql-jit turns an
// operation into JavaScript once: plain fields become property reads inside one object literal, and only
// fields with a resolver pay for a call.
//
// What stays with graphql-js, unchanged:
//   - a document's first execution (GRAPHQL_COMPILE_AFTER), so that a client sending a new document every time
//     (nothing a dashboard does) costs no compilation; compiled functions are kept per document, and
//     Apollo's document cache decides how long a document lives;
//   - mutations and subscriptions (mutations are small answers, and their order of execution is the spec's);
//   - introspection, which dashboards and the explorer ask once;
//   - an operation whose variables do not coerce, so that the client reads graphql-js's own 400 (Apollo
//     recognises it by the variable's definition node, which graphql-jit's error does not carry).
// Apollo Server takes an executor of its own through its gateway interface: parsing, validation, the
// plugins and error formatting stay Apollo's.
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, GraphQLError, isInterfaceType, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type GraphQLTypeResolver, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { getMetadataStorage } from "type-graphql";

type Compiled = CompiledQuery | "interpret";

/** Per document (Apollo keeps one object per query text), per operation name: how to run it, or how many times it has run interpreted. */
type Plans = Map<string | undefined, Compiled | number>;

/**
 * `compileAfter`: how many times a document runs interpreted before it is compiled (GRAPHQL_COMPILE_AFTER;
 * the tests use 0, so that every query they send runs compiled).
 */
export function compiledExecution(schema: GraphQLSchema, compileAfter: number): GatewayInterface {
  const plans = new WeakMap<DocumentNode, Plans>();

  const executor: GatewayExecutor = async (request) => {
    const { document, operation, context } = request;
    const variables = request.request.variables;
    // The name the client asked for: Apollo's own is undefined when no operation matched it.
    const operationName = request.request.operationName ?? undefined;
    // No operation: graphql-js answers which one is missing.
    const plan = operation ? planFor(plans, schema, compileAfter, document, operation, operationName) : "interpret";
    if (plan !== "interpret") {
      const result = await plan.query(undefined, context, variables ?? {});
      // Variables that do not coerce: no data at all. graphql-js gives the error Apollo answers 400 for.
      if (result.data !== undefined || !result.errors) return result.errors ? { data: result.data, errors: result.errors.map(asGraphQLError) } : (result as ExecutionResult);
    }
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName }) as Promise<ExecutionResult>;
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors inherit from GraphQLError but carry no `extensions` when the resolver's error had
 * none, which Apollo's error formatting reads unguarded (it would mask a database outage as a 500): the same
 * error as graphql-js would have made it.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  // graphql-jit keeps the locations, not the nodes they were read from.
  (made as { locations?: GraphQLError["locations"] }).locations = error.locations;
  return made;
}

function planFor(
  plans: WeakMap<DocumentNode, Plans>,
  schema: GraphQLSchema,
  compileAfter: number,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  operationName: string | undefined,
): Compiled {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const known = byName.get(operationName) ?? 0;
  if (typeof known !== "number") return known;
  if (known < compileAfter) {
    byName.set(operationName, known + 1);
    return "interpret";
  }
  const compiled = compilable(operation) ? compileQuery(schema, document, operationName) : undefined;
  const plan: Compiled = compiled && isCompiledQuery(compiled) ? compiled : "interpret";
  byName.set(operationName, plan);
  return plan;
}

/** A query that selects no introspection field at its top level. */
function compilable(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind !== Kind.FIELD || (selection.name.value !== "__schema" && selection.name.value !== "__type"),
  );
}

/**
 * type-graphql wraps every interface's `resolveType` in an async function, which graphql-jit cannot wait
 * for (it needs the type's name at once; graphql-js takes either). The schema's own functions answer a type
 * name directly (src/shared/node.type.ts), so each is set on its interface as it is.
 */
export function resolveTypesAtOnce(schema: GraphQLSchema): void {
  for (const metadata of getMetadataStorage().interfaceTypes) {
    const type = schema.getType(metadata.name);
    if (metadata.resolveType && isInterfaceType(type)) type.resolveType = metadata.resolveType as GraphQLTypeResolver<unknown, unknown>;
  }
}
