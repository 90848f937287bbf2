// `npm run route-cost`: what an average REST route costs in lines. A route's cost is everything written for
// it: its entry, its JSON Schemas and examples, its shaping and its GraphQL operation; that is every file
// in a route folder of rest-compat/ (the old paths/ and operations/, or a dialect's folder today), except a
// dialect's own conventions (dialect.ts, codecs.ts), which are written once for all of its routes. The core
// (core/) and generated files are not route cost. Routes are counted as the operations in those `.graphql`
// files plus the entries the server serves itself (`kind: "server"`), so any revision can be measured:
//
//   npm run route-cost                       # the working tree
//   npm run route-cost -- --at d4c2407       # a commit (here: before the split into core and dialects)
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LIMIT = 60;

/** A route folder's file: rest-compat/<folder>/…, not the core, generated code or a dialect's conventions. */
const isRouteFile = (file: string) =>
  /^rest-compat\/(?!core\/|generated\/)[^/]+\/./.test(file) && !/^rest-compat\/[^/]+\/(dialect|codecs)\.ts$/.test(file);

type Kind = "operations" | "schemas" | "shaping" | "entries";

function kindOf(file: string): Kind {
  if (file.endsWith(".graphql")) return "operations";
  if (/schemas?\.ts$/.test(file)) return "schemas";
  if (/shapes?\.ts$/.test(file)) return "shaping";
  return "entries";
}

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
const routesIn = (file: string, text: string) =>
  file.endsWith(".graphql") ? (text.match(/^\s*(query|mutation|subscription)\b/gm) ?? []).length : (text.match(/kind: "server"/g) ?? []).length;

function workingTree(dir = join(ROOT, "rest-compat")): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [file, text] of workingTree(path)) files.set(file, text);
    else files.set(relative(ROOT, path), readFileSync(path, "utf8"));
  }
  return files;
}

function atRevision(revision: string): Map<string, string> {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const names = git("ls-tree", "-r", "--name-only", revision, "rest-compat").split("\n").filter(Boolean);
  return new Map(names.map((file) => [file, git("show", `${revision}:${file}`)]));
}

export interface RouteCost {
  routes: number;
  lines: Record<Kind, number>;
  total: number;
  perRoute: number;
}

export function routeCost(files: Map<string, string>): RouteCost {
  const lines: Record<Kind, number> = { entries: 0, schemas: 0, shaping: 0, operations: 0 };
  let routes = 0;
  for (const [file, text] of files) {
    if (!isRouteFile(file)) continue;
    lines[kindOf(file)] += lineCount(text);
    routes += routesIn(file, text);
  }
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { routes, lines, total, perRoute: routes ? total / routes : 0 };
}

function report(label: string, cost: RouteCost): string {
  const parts = Object.entries(cost.lines).map(([kind, count]) => `${kind} ${count}`).join(", ");
  return `${label}: ${cost.routes} routes, ${cost.total} lines (${parts}): ${cost.perRoute.toFixed(1)} lines per route`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--at");
  const revision = at >= 0 ? process.argv[at + 1] : undefined;
  const cost = revision ? routeCost(atRevision(revision)) : routeCost(workingTree());
  console.log(report(revision ?? "working tree", cost));
  if (!revision && cost.perRoute > LIMIT) console.log(`over the target of ${LIMIT} lines per route`);
}
