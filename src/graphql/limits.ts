// Abuse limits for /graphql: depth and alias validation rules, and a cost limit computed from the
// `complexity` of each field once the operation and its variables are known.
import {
  GraphQLError,
  Kind,
  getVariableValues,
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

const limitError = (message: string) => new GraphQLError(message, { extensions: { code: "VALIDATION_ERROR", http: { status: 400 } } });

/** Rejects documents nested deeper than `maxDepth` fields. Introspection fields are not counted. */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || seen.has(fragment.name.value)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set(seen).add(fragment.name.value)));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
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

/** Rejects operations whose estimated cost exceeds `maxCost` (list fields multiply by their page size). */
export function costLimit(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
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
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) throw limitError(`Query cost ${cost} exceeds the limit of ${maxCost}`);
        },
      };
    },
  };
}
