// Text PostgreSQL cannot store, refused at the operation boundary: every string an operation carries, in
// its variables and in the literal arguments of its document, is checked once here before any resolver
// runs, whatever field it is for. NUL (U+0000) is refused by PostgreSQL in text and jsonb alike (the query
// failed as a 500), and a lone UTF-16 surrogate has no UTF-8 form, so it would be stored mangled. The REST
// paths run GraphQL operations, so they get the same check; rest-compat/core/failure.ts renames the fields.
import {
  GraphQLError,
  Kind,
  TypeInfo,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { ValidationFailed } from "../shared/errors.js";

/** NUL, or a surrogate that is not half of a pair (with the `u` flag a well-formed pair is one code point). */
const UNSTORABLE = /\u0000|\p{Cs}/u;

const UNSTORABLE_TEXT_PROBLEM = "must not contain NUL (U+0000) characters or unpaired UTF-16 surrogates";

/** Whether PostgreSQL can store (and compare) the text: the token endpoint (rest-compat/oauth) checks its fields with it too. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** Whether a scalar's raw value (a string, or JSON of any depth) holds unstorable text in a key or a string. */
function holdsUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const current = pending.pop();
    if (typeof current === "string") {
      if (!isStorableText(current)) return true;
    } else if (Array.isArray(current)) {
      pending.push(...current);
    } else if (typeof current === "object" && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        if (!isStorableText(key)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

/** Collects into `fields` the input paths (`input.email`; list items name their list) that hold unstorable text. */
function checkVariable(value: unknown, type: GraphQLInputType, path: string, fields: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkVariable(value, type.ofType, path, fields);
  if (isListType(type)) {
    for (const item of Array.isArray(value) ? value : [value]) checkVariable(item, type.ofType, path, fields);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) return; // coercion refuses it with its own error
    const definitions = type.getFields();
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const definition = definitions[name];
      if (definition) checkVariable(child, definition.type, `${path}.${name}`, fields);
    }
    return;
  }
  if (holdsUnstorableText(value)) fields[path] ??= UNSTORABLE_TEXT_PROBLEM;
}

/** The same for a literal argument; variables inside it are checked with the variables. */
function checkLiteral(node: ValueNode, type: GraphQLInputType, path: string, fields: Record<string, string>): void {
  if (node.kind === Kind.VARIABLE) return;
  if (isNonNullType(type)) return checkLiteral(node, type.ofType, path, fields);
  if (isListType(type)) {
    for (const item of node.kind === Kind.LIST ? node.values : [node]) checkLiteral(item, type.ofType, path, fields);
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return;
    const definitions = type.getFields();
    for (const field of node.fields) {
      const definition = definitions[field.name.value];
      if (definition) checkLiteral(field.value, definition.type, `${path}.${field.name.value}`, fields);
    }
    return;
  }
  // A scalar: a string, or a JSON literal with strings anywhere inside (object keys are GraphQL names).
  let unstorable = false;
  visit(node, {
    StringValue(string) {
      if (!isStorableText(string.value)) unstorable = true;
    },
  });
  if (unstorable) fields[path] ??= UNSTORABLE_TEXT_PROBLEM;
}

/** The input paths of an operation's literal arguments (its fragments' included) that hold unstorable text. */
function unstorableLiterals(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Record<string, string> {
  const fields: Record<string, string> = {};
  const typeInfo = new TypeInfo(schema);
  const literals = visitWithTypeInfo(typeInfo, {
    Argument(argument) {
      const type = typeInfo.getInputType();
      if (type) checkLiteral(argument.value, type, argument.name.value, fields);
      return false;
    },
  });
  for (const definition of document.definitions) {
    if (definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, literals);
  }
  return fields;
}

/** Refuses an operation whose variables or literal arguments carry text PostgreSQL cannot store. */
export function unstorableTextGuard(schema: GraphQLSchema): ApolloServerPlugin {
  // The literals are part of the document, which Apollo parses once per query text and keeps (its document
  // cache hands every request of the same text the same object): they are checked once per document and
  // operation, not on every request. The variables change per request and are checked each time.
  const literalsChecked = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Record<string, string>>>();
  const literalProblems = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let byOperation = literalsChecked.get(document);
    if (!byOperation) literalsChecked.set(document, (byOperation = new Map()));
    let problems = byOperation.get(operation);
    if (!problems) byOperation.set(operation, (problems = unstorableLiterals(schema, document, operation)));
    return problems;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const fields: Record<string, string> = {};
          for (const definition of operation.variableDefinitions ?? []) {
            const type = typeFromAST(schema, definition.type);
            const name = definition.variable.name.value;
            if (type && request.variables && name in request.variables) checkVariable(request.variables[name], type as GraphQLInputType, name, fields);
          }
          for (const [path, problem] of Object.entries(literalProblems(document, operation))) fields[path] ??= problem;
          if (Object.keys(fields).length) throw withBadRequestStatus(ValidationFailed("Text inputs may not contain NUL characters or unpaired UTF-16 surrogates", fields));
        },
      };
    },
  };
}

/** Apollo answers an error thrown from a plugin hook with 500 unless it names its HTTP status. */
function withBadRequestStatus(error: GraphQLError): GraphQLError {
  error.extensions.http = { status: 400 };
  return error;
}
