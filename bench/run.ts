// `npm run bench`: runs every benchmark in bench/ in turn, each in its own process (its own server and
// database), and fails if any of them fails.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const benches = readdirSync(dir)
  .filter((name) => name.endsWith(".ts") && name !== "run.ts")
  .sort();

const failed: string[] = [];
for (const bench of benches) {
  console.log(`\n== bench/${bench}`);
  const { status } = spawnSync(process.execPath, ["--import", "tsx", `${dir}${bench}`], { stdio: "inherit", env: process.env });
  if (status !== 0) failed.push(bench);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(", ")}`);
  process.exit(1);
}
