// Loads the GraphQL documents of the REST layer once, at start-up: every `.graphql` file under the given
// folders (each beside the route that runs it). A file holds operations and/or fragments: an area's routes
// may keep their operations in one file; fragments are shared by name across all files, so a name defined twice stops the server instead
// of letting one silently win. Each operation is sent with exactly the fragments it uses, and is validated
// against the schema here, so a typo stops the server from starting instead of failing the first request.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Kind,
  getOperationAST,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/** The repository root: file names in messages and in /openapi.json are relative to it. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where the REST layer's documents live: beside the routes of every dialect. */
export const OPERATION_ROOTS = [fileURLToPath(new URL("../", import.meta.url))];

export interface LoadedOperation {
  /**
   * The file name without `.graphql` (`submit-content`), or the operation's name in kebab case when its file
   * holds several: the route's OpenAPI operationId comes from it.
   */
  name: string;
  /** The file, relative to the repository root (`rest-compat/varmply/participations/submit-content.graphql`). */
  file: string;
  /** The document sent to Apollo: the operation and the fragments it uses. */
  text: string;
}

/** GraphQL operation name (`RestSubmitContent`) → the loaded operation. */
export type Operations = ReadonlyMap<string, LoadedOperation>;

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? graphqlFiles(join(dir, entry.name)) : entry.name.endsWith(".graphql") ? [join(dir, entry.name)] : []))
    .sort();
}

function fragmentsUsedBy(root: DefinitionNode, fragments: Map<string, { definition: FragmentDefinitionNode }>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [root];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`rest-compat: fragment ${name} is not defined in any .graphql file of the REST layer`);
        if (!used.has(name)) {
          used.set(name, fragment.definition);
          pending.push(fragment.definition);
        }
      },
    });
  }
  return [...used.values()];
}

/** `LegacyTaskActions` → `legacy-task-actions`. */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

export function loadOperations(schema?: GraphQLSchema, roots: readonly string[] = OPERATION_ROOTS): Operations {
  const operations = new Map<string, { file: string; definition: OperationDefinitionNode }>();
  const fragments = new Map<string, { file: string; definition: FragmentDefinitionNode }>();
  for (const path of roots.flatMap(graphqlFiles)) {
    const file = relative(ROOT, path);
    for (const definition of parse(readFileSync(path, "utf8")).definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const name = definition.name.value;
        const first = fragments.get(name);
        if (first) throw new Error(`rest-compat: fragment ${name} is defined twice, in ${first.file} and in ${file}; rename one`);
        fragments.set(name, { file, definition });
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = definition.name?.value;
        if (!name) throw new Error(`rest-compat: the operation in ${file} has no name`);
        const first = operations.get(name);
        if (first) throw new Error(`rest-compat: operation ${name} is defined twice, in ${first.file} and in ${file}; rename one`);
        operations.set(name, { file, definition });
      }
    }
  }

  const loaded = new Map<string, LoadedOperation>();
  const perFile = new Map<string, number>();
  for (const { file } of operations.values()) perFile.set(file, (perFile.get(file) ?? 0) + 1);
  for (const [name, { file, definition }] of operations) {
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition, ...fragmentsUsedBy(definition, fragments)] };
    if (schema) {
      const errors = validate(schema, document);
      if (errors.length) throw new Error(`rest-compat: operation ${name} (${file}) does not fit the schema: ${errors.map((e) => e.message).join("; ")}`);
    }
    const fileName = file.replace(/^.*\//, "").replace(/\.graphql$/, "");
    loaded.set(name, { name: perFile.get(file) === 1 ? fileName : kebab(name), file, text: print(document) });
  }
  return loaded;
}

/** The name of the operation a typed document holds (`RestSubmitContent`). */
export function operationNameOf(document: DocumentNode): string {
  const name = getOperationAST(document)?.name?.value;
  if (!name) throw new Error("rest-compat: a route's document holds no named operation");
  return name;
}

/** The loaded operation a route's typed document stands for. */
export function operationFor(operations: Operations, document: DocumentNode): LoadedOperation {
  const name = operationNameOf(document);
  const operation = operations.get(name);
  if (!operation) throw new Error(`rest-compat: operation ${name} is not in any .graphql file of the REST layer (run npm run codegen?)`);
  return operation;
}
