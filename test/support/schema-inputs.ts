// Operations generated from the schema itself, so that attack and fuzz tests cover every root field and
// every input, new ones included: a well-formed sample for any input type, the paths of all text inputs,
// and an operation calling one field with its arguments as variables or as literals.
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";

export interface RootField {
  operation: "query" | "mutation";
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const query = Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ operation: "query" as const, field }));
  const mutation = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ operation: "mutation" as const, field }));
  return [...query, ...mutation];
}

/** Well-formed values of the custom scalars; anything unknown gets a plain string. */
const SCALAR_SAMPLES: Record<string, unknown> = {
  String: "sample",
  ID: "sample",
  Int: 1,
  Float: 1.5,
  Boolean: true,
  DateTime: "2030-01-01T00:00:00Z",
  Currency: "USD",
  SafeInt: 1,
  URL: "https://example.com/sample",
  JSONObject: {},
};

/** A value of `type` that coerces: required input fields filled in, optional ones left out. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type);
    }
    return value;
  }
  return SCALAR_SAMPLES[type.name] ?? "sample";
}

/** The required arguments of a field, sampled. */
export function sampleArguments(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) if (isNonNullType(arg.type) && arg.defaultValue === undefined) args[arg.name] = sampleValue(arg.type);
  return args;
}

export interface TextInput {
  /** Argument name, then input fields: `["input", "email"]`. */
  path: string[];
  /** Whether the text is a list of strings. */
  list: boolean;
}

/** Every String and ID reachable from a field's arguments, through input objects (each type once per path). */
export function textInputs(field: GraphQLField<unknown, unknown>): TextInput[] {
  const found: TextInput[] = [];
  const walk = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    if (isScalarType(named) && (named.name === "String" || named.name === "ID")) {
      const unwrapped: GraphQLInputType = isNonNullType(type) ? type.ofType : type;
      found.push({ path, list: isListType(unwrapped) });
      return;
    }
    if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const child of Object.values(named.getFields())) walk(child.type, [...path, child.name], new Set(seen).add(named.name));
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], new Set());
  return found;
}

/** `args` with the value at `path` replaced, creating the input objects on the way. */
export function withValueAt(args: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let target = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== "object" || target[key] === null || Array.isArray(target[key])) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[path.at(-1)!] = value;
  return copy;
}

/** A GraphQL literal for a JSON value of `type` (enums bare, everything else as JSON would write it). */
export function printLiteral(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return "null";
  if (isNonNullType(type)) return printLiteral(value, type.ofType);
  if (isListType(type)) return `[${(Array.isArray(value) ? value : [value]).map((item) => printLiteral(item, type.ofType)).join(", ")}]`;
  if (isEnumType(type) && typeof value === "string" && /^[_A-Za-z]\w*$/.test(value)) return value;
  if (isInputObjectType(type) && typeof value === "object" && !Array.isArray(value)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => `${key}: ${fields[key] ? printLiteral(child, fields[key]!.type) : printJsonLiteral(child)}`)
      .join(", ")} }`;
  }
  return printJsonLiteral(value);
}

/** A JSON value as a GraphQL literal (for JSON scalars: objects with bare keys). */
export function printJsonLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(printJsonLiteral).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{ ${Object.entries(value).map(([key, child]) => `${key}: ${printJsonLiteral(child)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isCompositeType(getNamedType(field.type)) ? " { __typename }" : "");

/** An operation calling `field` with every argument as a variable of its own name (`$input`). */
export function operationWithVariables({ operation, field }: RootField): string {
  const declared = field.args.map((arg: GraphQLArgument) => `$${arg.name}: ${String(arg.type)}`);
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`);
  const list = (items: string[]) => (items.length ? `(${items.join(", ")})` : "");
  return `${operation} Probe${list(declared)} { ${field.name}${list(passed)}${selectionOf(field)} }`;
}

/** An operation calling `field` with `args` written into the document as literals. */
export function operationWithLiterals({ operation, field }: RootField, args: Record<string, unknown>): string {
  const written = field.args.filter((arg) => args[arg.name] !== undefined).map((arg) => `${arg.name}: ${printLiteral(args[arg.name], arg.type)}`);
  return `${operation} Probe { ${field.name}${written.length ? `(${written.join(", ")})` : ""}${selectionOf(field)} }`;
}
