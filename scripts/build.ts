// `npm run build`: compiles the server to JavaScript in dist/ (tsconfig.build.json) and copies beside it the
// files it reads from disk at run time, at the same place relative to the code that reads them: the
// migrations (src/db/client.ts), the REST layer's .graphql operations (rest-compat/core/operations.ts) and
// the legacy paths' documented examples (rest-compat/legacy/seed-examples.json).
// `npm run start:prod` then runs dist/src/main.js with plain node. Packages (swagger-ui-dist, graphiql) are
// still resolved from node_modules.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");

/** Folders copied whole, and folders from which only the files with these endings are copied. */
const COPIED_FOLDERS = ["schema/migrations"];
const COPIED_FILES: { under: string; endsWith: string }[] = [
  { under: "rest-compat", endsWith: ".graphql" },
  { under: "rest-compat", endsWith: ".json" },
];

function filesUnder(dir: string, endsWith: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, endsWith) : name.endsWith(endsWith) ? [path] : [];
  });
}

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
for (const folder of COPIED_FOLDERS) cpSync(join(ROOT, folder), join(DIST, folder), { recursive: true });
let copied = 0;
for (const { under, endsWith } of COPIED_FILES) {
  for (const file of filesUnder(join(ROOT, under), endsWith)) {
    cpSync(file, join(DIST, file.slice(ROOT.length)));
    copied++;
  }
}
console.log(`built dist/ (entry point dist/src/main.js; ${COPIED_FOLDERS.join(", ")} and ${copied} ${COPIED_FILES.map((f) => f.endsWith).join(", ")} files copied)`);
