// graphql-js works out a field's arguments each time it resolves the field (`getArgumentValues`), and
// allocates two dictionary objects doing it even for a field that declares no argument: in the brand
// dashboard of docs/performance.md, a fifth of all the bytes a request allocates. Fields without arguments
// (every leaf, most of an answer) get one shared, frozen empty object instead: the same value, since with no
// argument declared there is nothing to coerce. graphql-js's executor reads this function from its module's
// exports at each call, so replacing the export is enough; any other version or build is left alone.
import { createRequire } from "node:module";
import type { GraphQLField } from "graphql";

type GetArgumentValues = ((def: Pick<GraphQLField<unknown, unknown>, "args">, node: unknown, variables?: unknown) => Record<string, unknown>) & {
  sharesEmptyArguments?: true;
};

const NO_ARGUMENTS: Record<string, unknown> = Object.freeze(Object.create(null));

export function shareEmptyArguments(): boolean {
  const require = createRequire(import.meta.url);
  const values = require("graphql/execution/values.js") as { getArgumentValues?: GetArgumentValues };
  const original = values.getArgumentValues;
  if (typeof original !== "function") return false;
  if (original.sharesEmptyArguments) return true;
  const shared: GetArgumentValues = (def, node, variables) => (def.args.length === 0 ? NO_ARGUMENTS : original(def, node, variables));
  shared.sharesEmptyArguments = true;
  values.getArgumentValues = shared;
  return true;
}
