// `npm run check:dependencies` (part of `npm run lint` and of `npm test`): fails, naming the cycle, when the
// module folders import each other in a circle. A module is a folder under src/ (a file directly in src/ is
// its own module) and rest-compat/ as a whole; `import type` does not count, since it leaves no trace at
// run time. The allowed direction is described in docs/architecture.md, "Module dependencies".
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import madge from "madge";

export interface ModuleCycle {
  /** The modules in import order, the first repeated at the end: ["campaigns", "participations", "campaigns"]. */
  modules: string[];
  /** For each step, one file import that makes it: "src/campaigns/a.ts -> src/participations/b.ts". */
  imports: string[];
}

const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));

/** The module a file (relative to the root, with forward slashes) belongs to. */
export function moduleOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "src") return parts.length > 2 ? parts[1]! : file;
  return parts[0]!;
}

/** The value imports between modules of the tree under `root` (its src/ and rest-compat/ folders). */
export async function moduleImports(root: string): Promise<Map<string, Map<string, string>>> {
  const folders = ["src", "rest-compat"].map((folder) => resolve(root, folder)).filter((folder) => existsSync(folder));
  const result = await madge(folders, {
    baseDir: root,
    fileExtensions: ["ts"],
    tsConfig: resolve(REPOSITORY, "tsconfig.json"),
    excludeRegExp: [/\.test\.ts$/, /\.d\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: true }, es6: { skipTypeImports: true } },
  });
  const edges = new Map<string, Map<string, string>>();
  for (const [from, targets] of Object.entries(result.obj())) {
    for (const to of targets) {
      const [fromModule, toModule] = [moduleOf(from), moduleOf(to)];
      if (fromModule === toModule) continue;
      const out = edges.get(fromModule) ?? new Map<string, string>();
      edges.set(fromModule, out);
      if (!out.has(toModule)) out.set(toModule, `${from} -> ${to}`);
    }
  }
  return edges;
}

/**
 * The module cycles: the groups of modules that reach each other (strongly connected components, Tarjan),
 * and in each group the shortest cycle through each of its modules.
 */
export function findCycles(edges: Map<string, Map<string, string>>): ModuleCycle[] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((out) => [...out.keys()])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  // The shortest cycle through each module of a component, each cycle once (whatever module it starts at).
  const cycles = new Map<string, ModuleCycle>();
  for (const component of components) {
    for (const start of component) {
      const cycle = shortestCycle(start, new Set(component), edges);
      const steps = cycle.modules.slice(0, -1);
      const first = steps.indexOf([...steps].sort()[0]!);
      const key = [...steps.slice(first), ...steps.slice(0, first)].join(" ");
      if (!cycles.has(key)) cycles.set(key, cycle);
    }
  }
  return [...cycles.values()];
}

/** The shortest way from `start` back to itself through the modules of its component (breadth first). */
function shortestCycle(start: string, members: Set<string>, edges: Map<string, Map<string, string>>): ModuleCycle {
  const paths = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
      if (next === start) {
        const modules = [...paths.get(node)!, start];
        return { modules, imports: modules.slice(1).map((to, i) => edges.get(modules[i]!)!.get(to)!) };
      }
      if (!members.has(next) || paths.has(next)) continue;
      paths.set(next, [...paths.get(node)!, next]);
      queue.push(next);
    }
  }
  throw new Error(`no cycle through ${start}`); // unreachable: every module of a component reaches the others
}

export function describeCycle(cycle: ModuleCycle): string {
  return [`module cycle: ${cycle.modules.join(" -> ")}`, ...cycle.imports.map((line) => `  ${line}`)].join("\n");
}

export async function checkDependencies(root: string): Promise<ModuleCycle[]> {
  return findCycles(await moduleImports(root));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const root = resolve(process.argv[2] ?? REPOSITORY);
  const cycles = await checkDependencies(root);
  for (const cycle of cycles) console.error(describeCycle(cycle));
  if (cycles.length > 0) {
    console.error(`${cycles.length} module cycle(s) in ${relative(process.cwd(), root) || "."}; see docs/architecture.md, "Module dependencies"`);
    process.exit(1);
  }
  console.log("module dependencies: no cycles");
}
