// Abuse limits for /graphql: depth and alias validation rules, and a cost limit computed from the
// `complexity` of each field once the operation and its variables are known. Each limit costs work
// proportional to the document's size, never to its expansion: a fragment spread three times by each of
// a dozen fragments names 3^12 fields in a few hundred bytes. The limits and why: docs/limits.md.
import {
  BREAK,
  GraphQLError,
  Kind,
  TypeInfo,
  getVariableValues,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
// The CommonJS build: its ESM build imports graphql's .mjs files, a second copy of graphql beside the
// CommonJS one that type-graphql and Apollo load, and graphql refuses to mix the two.
import { createRequire } from "node:module";

const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/** A request error answered as VALIDATION_ERROR with HTTP 400, also when thrown from a plugin hook. */
const limitError = (message: string) => new GraphQLError(message, { extensions: { code: "VALIDATION_ERROR", http: { status: 400 } } });

/**
 * Rejects documents nested deeper than `maxDepth` fields. Introspection fields are not counted. Each
 * fragment's depth is computed once and reused at every spread, so the work is linear in the document.
 */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const fragmentDepths = new Map<string, number>();
    // Fragments being measured: a spread back into one of them is a cycle (NoFragmentCycles reports it) and counts 0.
    const measuring = new Set<string>();
    const fragmentDepth = (name: string): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      if (!fragment || measuring.has(name)) return 0;
      measuring.add(name);
      const depth = depthOf(fragment.selectionSet);
      measuring.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };
    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > maxDepth) context.reportError(limitError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`));
      },
    };
  };
}

/** Rejects documents with more than `maxAliases` aliased fields (alias-based amplification). */
export function aliasLimit(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias && ++aliases === maxAliases + 1) {
          context.reportError(limitError(`Query uses more than ${maxAliases} aliases`));
        }
      },
    };
  };
}

/**
 * Whether the cost estimate of `document` is the same whatever its variables: no variable in a directive
 * (`@skip(if: $x)` decides what is counted) nor in an argument of a field whose complexity is a function of
 * its arguments (a connection's `first`). Variables that do not coerce never reach the estimate (costLimit),
 * and every variable must be declared non-null: a null in an argument that has a default but takes no null
 * fails the estimate, an error that must not depend on which request came first.
 */
function costIgnoresVariables(schema: GraphQLSchema, document: DocumentNode): boolean {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.variableDefinitions?.some((variable) => variable.type.kind !== Kind.NON_NULL_TYPE)) return false;
  }
  const typeInfo = new TypeInfo(schema);
  const holdsVariable = (node: ASTNode) => {
    let found = false;
    visit(node, {
      Variable() {
        found = true;
        return BREAK;
      },
    });
    return found;
  };
  let independent = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Directive(directive) {
        if (holdsVariable(directive)) independent = false;
        return independent ? false : BREAK;
      },
      Field(field) {
        const complexity = typeInfo.getFieldDef()?.extensions?.complexity;
        if (typeof complexity === "function" && field.arguments?.some((argument) => holdsVariable(argument))) independent = false;
        return independent ? undefined : BREAK;
      },
    }),
  );
  return independent;
}

/**
 * Rejects operations whose estimated cost exceeds `maxCost` (list fields multiply by their page size).
 * The estimate expands fragments at every spread, so it stops after `maxNodes` selections (fields,
 * spreads, inline fragments): an operation with more, counted that way, is refused whatever its cost.
 */
export function costLimit(schema: GraphQLSchema, maxCost: number, maxNodes: number): ApolloServerPlugin {
  // Apollo parses each query text once and hands every request of it the same document object. A document
  // whose cost cannot depend on its variables has one cost per operation, computed on its first request.
  const costs = new WeakMap<DocumentNode, Map<string | undefined, number>>();
  const variableFree = new WeakMap<DocumentNode, boolean>();
  const costOf = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number => {
    let independent = variableFree.get(document);
    if (independent === undefined) variableFree.set(document, (independent = costIgnoresVariables(schema, document)));
    const known = independent ? costs.get(document)?.get(operationName) : undefined;
    if (known !== undefined) return known;
    const cost = getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      // It throws once it has visited this many selections (`>=`), so one more allows exactly maxNodes.
      maxQueryNodes: maxNodes + 1,
    });
    if (independent) {
      let byOperation = costs.get(document);
      if (!byOperation) costs.set(document, (byOperation = new Map()));
      byOperation.set(operationName, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // getComplexity coerces the variables and throws their error, which Apollo would answer as a 500.
          // Variables that do not coerce, and an operation name that names no operation (`operation` unset),
          // fail execution itself with a 400 before any resolver runs, so leave those to it.
          if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          // Validation lets `subscription { … }` through on a schema without subscriptions, and execution then
          // fails with an uncoded error that would be masked as internal: refuse it here as the client's error.
          if (!schema.getRootType(operation.operation)) throw limitError(`This API has no ${operation.operation} operations`);
          let cost: number;
          try {
            cost = costOf(document, request.operationName ?? undefined, request.variables ?? {});
          } catch (error) {
            // Its errors (the node limit, an argument it could not read) carry no code and would be masked as 500s.
            if (!(error instanceof GraphQLError)) throw error;
            if (/maximum allowed number of nodes/.test(error.message)) {
              throw limitError(`Query has more than ${maxNodes} selections once its fragments are expanded`);
            }
            throw limitError(error.message);
          }
          if (cost > maxCost) throw limitError(`Query cost ${cost} exceeds the limit of ${maxCost}`);
        },
      };
    },
  };
}
