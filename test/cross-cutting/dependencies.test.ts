// The module dependency rule (docs/architecture.md, "Module dependencies"): no value-import cycle between
// module folders. The tree must pass; a tree with a cycle must fail, naming the cycle and its imports.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkDependencies, describeCycle } from "../../scripts/check-dependencies.js";

const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));
const SCRIPT = fileURLToPath(new URL("../../scripts/check-dependencies.ts", import.meta.url));
const CYCLIC_TREE = fileURLToPath(new URL("../fixtures/module-cycle", import.meta.url));

function runCheck(root: string) {
  return spawnSync(process.execPath, ["--import", "tsx", SCRIPT, root], { cwd: REPOSITORY, encoding: "utf8" });
}

describe("module dependencies", () => {
  it("the repository's modules import each other without a cycle", async () => {
    const cycles = await checkDependencies(REPOSITORY);
    expect(cycles.map(describeCycle)).toEqual([]);
  });

  it("finds the cycle of a tree that has one, and not the import that is only a type", async () => {
    const cycles = await checkDependencies(CYCLIC_TREE);
    expect(cycles).toEqual([
      {
        modules: ["campaigns", "participations", "campaigns"],
        imports: [
          "src/campaigns/campaign.service.ts -> src/participations/participation.service.ts",
          "src/participations/participation.service.ts -> src/campaigns/campaign.service.ts",
        ],
      },
    ]);
  });

  it("the check exits non-zero on a cycle, naming it, and zero on the repository", () => {
    const failed = runCheck(CYCLIC_TREE);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("module cycle: campaigns -> participations -> campaigns");
    const passed = runCheck(REPOSITORY);
    expect(passed.stderr).toBe("");
    expect(passed.status).toBe(0);
  });
});
