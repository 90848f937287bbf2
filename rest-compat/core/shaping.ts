// Between GraphQL names and REST names. `unwrap` turns a GraphQL result whose selection already names the
// documented keys (aliases: `participationId: id`) into the body, for the two shapes an alias cannot
// express. A REST body shows a list where GraphQL has a connection, and an id where GraphQL has a reference:
//
//   contentSubmissionList: submissions(first: 100) { edges { node { … } } }   → [ … ]
//   campaignId: campaign { id }                                               → "campaign_…"
//
// So a connection selected for `edges` alone becomes the list of its nodes, and an object selected for `id`
// alone becomes that id; anything else keeps its keys (in selection order). A route opts in by calling it in
// `respond`. Only plain objects are walked: a DateTime may still be a Date here (serialized as the body is
// written). A JSON scalar's value is a plain object too and would be walked; no REST selection returns one.

/** The body type of a result: what `unwrap` makes of the operation's generated result type. */
export type Unwrapped<T> = T extends readonly (infer Item)[]
  ? Unwrapped<Item>[]
  : T extends { edges: readonly { node: infer Node }[] }
    ? [keyof T] extends ["edges"]
      ? Unwrapped<Node>[]
      : { [K in keyof T]: Unwrapped<T[K]> }
    : T extends { id: infer Id }
      ? [keyof T] extends ["id"]
        ? Id
        : { [K in keyof T]: Unwrapped<T[K]> }
      : T extends object
        ? { [K in keyof T]: Unwrapped<T[K]> }
        : T;

export function unwrap<T>(value: T): Unwrapped<T> {
  return unwrapValue(value) as Unwrapped<T>;
}

function unwrapValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapValue);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  const [only] = entries.length === 1 ? entries : [];
  if (only?.[0] === "edges" && Array.isArray(only[1])) return only[1].map((edge: { node: unknown }) => unwrapValue(edge.node));
  if (only?.[0] === "id") return only[1];
  return Object.fromEntries(entries.map(([key, item]) => [key, unwrapValue(item)]));
}

/** GraphQL results are plain objects (graphql-js makes them without a prototype); scalars' values are not. */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

/**
 * The GraphQL input from a REST body, by the same map as a route's `fieldNames` (GraphQL input name → the
 * name the client sends), so that a field is renamed once for both directions: `{ contentUrl: "content_url" }`.
 */
export function inputFrom<Fields extends Record<string, string>>(body: Record<string, unknown>, fields: Fields) {
  return Object.fromEntries(Object.entries(fields).map(([name, restName]) => [name, body[restName]])) as { [K in keyof Fields]: any };
}
