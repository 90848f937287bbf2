// `npm run route-cost`: what an average REST route costs in lines. A route's cost is everything written for
// it: its entry, its JSON Schemas and examples, its shaping and its GraphQL operation; that is every file
// in a route folder of rest-compat/ (the old paths/ and operations/, or a dialect's folder today), except a
// dialect's own conventions (dialect.ts, codecs.ts), which are written once for all of its routes, and unit
// tests. The core (core/) and generated files are not route cost, and the documentation's examples are reported
// apart (`isExamples`). A line longer than 140 characters counts
// once per 140 it spans. The working tree's routes are the entries its route tables serve; an older revision's
// are counted as the operations in its `.graphql` files plus the entries the server serves itself
// (`kind: "server"`), so any revision can be measured:
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
  /^rest-compat\/(?!core\/|generated\/)[^/]+\/./.test(file) &&
  !/^rest-compat\/[^/]+\/(dialect|codecs)\.ts$/.test(file) &&
  !file.endsWith(".test.ts");

/** The four parts a route is written in. */
type Kind = "operations" | "schemas" | "shaping" | "entries";

/**
 * The documentation's example bodies (`examples.ts`, `seed-examples.json`) are data copied from the original
 * API documentation, not a part of the route anyone writes: they are measured and reported, apart from the
 * per-route figure.
 */
const isExamples = (file: string) => /(^|\/)(seed-)?examples\.(ts|json)$/.test(file);

function kindOf(file: string): Kind {
  if (file.endsWith(".graphql")) return "operations";
  if (/schemas?\.ts$/.test(file)) return "schemas";
  if (/shapes?\.ts$/.test(file)) return "shaping";
  return "entries";
}

/** Lines as a reader meets them: a line longer than WIDTH characters counts once per WIDTH it spans, so packing code onto fewer, longer lines saves nothing. */
const WIDTH = 140;
const lineCount = (text: string) =>
  (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / WIDTH)), 0);
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
  /** The documentation's examples, not in `total`. */
  examples: number;
}

/** `servedRoutes`: when given (the working tree), the number of routes the route tables serve replaces the count from the files. */
export function routeCost(files: Map<string, string>, servedRoutes?: number): RouteCost {
  const lines: Record<Kind, number> = { entries: 0, schemas: 0, shaping: 0, operations: 0 };
  let routes = 0;
  let examples = 0;
  for (const [file, text] of files) {
    if (!isRouteFile(file)) continue;
    if (isExamples(file)) examples += lineCount(text);
    else lines[kindOf(file)] += lineCount(text);
    routes += routesIn(file, text);
  }
  if (servedRoutes !== undefined) routes = servedRoutes;
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { routes, lines, total, perRoute: routes ? total / routes : 0, examples };
}

function report(label: string, cost: RouteCost): string {
  const parts = Object.entries(cost.lines).map(([kind, count]) => `${kind} ${count}`).join(", ");
  const examples = cost.examples ? `; the documentation's examples ${cost.examples} more` : "";
  return `${label}: ${cost.routes} routes, ${cost.total} lines (${parts}): ${cost.perRoute.toFixed(1)} lines per route${examples}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--at");
  const revision = at >= 0 ? process.argv[at + 1] : undefined;
  // The working tree's routes are counted from its route tables: paths that share one operation are routes each.
  const tables = revision ? [] : (await import("../rest-compat/index.js")).servedRoutes();
  const files = revision ? atRevision(revision) : workingTree();
  const cost = routeCost(files, revision ? undefined : tables.length);
  console.log(report(revision ?? "working tree", cost));
  // Each dialect's share, for the working tree (a dialect's folder is named after it).
  for (const dialect of [...new Set(tables.map((route) => route.dialect.name))]) {
    const own = new Map([...files].filter(([file]) => file.startsWith(`rest-compat/${dialect}/`)));
    console.log(report(`  ${dialect}`, routeCost(own, tables.filter((route) => route.dialect.name === dialect).length)));
  }
  if (!revision && cost.perRoute > LIMIT) console.log(`over the target of ${LIMIT} lines per route`);
}
