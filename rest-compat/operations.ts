// Loads the GraphQL documents in rest-compat/operations/ once, at start-up. Every `.graphql` file holds
// one operation (named by the file) or shared fragments; each operation is sent with exactly the fragments
// it uses. The documents are validated against the schema here, so a typo stops the server from starting
// instead of failing the first request that needs it.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import {
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

const OPERATIONS_DIR = fileURLToPath(new URL("./operations/", import.meta.url));

/** Operation name (file name without `.graphql`) → the full document text sent to Apollo. */
export type Operations = ReadonlyMap<string, string>;

function fragmentsUsedBy(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [root];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`rest-compat: fragment ${name} is not defined in ${OPERATIONS_DIR}`);
        if (!used.has(name)) {
          used.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

export function loadOperations(schema?: GraphQLSchema, dir = OPERATIONS_DIR): Operations {
  const operations = new Map<string, OperationDefinitionNode>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".graphql")).sort()) {
    const document = parse(readFileSync(join(dir, file), "utf8"));
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = file.replace(/\.graphql$/, "");
        if (operations.has(name)) throw new Error(`rest-compat: ${file} holds more than one operation`);
        operations.set(name, definition);
      }
    }
  }

  const texts = new Map<string, string>();
  for (const [name, operation] of operations) {
    const document = { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments)] } as const;
    if (schema) {
      const errors = validate(schema, document);
      if (errors.length) throw new Error(`rest-compat: operation ${name} does not fit the schema: ${errors.map((e) => e.message).join("; ")}`);
    }
    texts.set(name, print(document));
  }
  return texts;
}
