// The typed documents in rest-compat/generated/ are generated from the `.graphql` files beside the routes
// and from schema/schema.graphql (codegen.ts). A route's `respond` and `variables` are typed by them, so a
// selection and its shaping cannot drift, as long as the generated file is current: this regenerates it in
// memory and fails when the checked-in one differs (`npm run codegen` brings it up to date).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { executeCodegen } from "@graphql-codegen/cli";
import config, { REST_OPERATIONS_OUTPUT } from "../../../codegen.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("generated operation types", () => {
  it("match what codegen.ts generates from the current documents and schema", async () => {
    const { result, error } = await executeCodegen({ ...config, cwd: ROOT } as Parameters<typeof executeCodegen>[0]);
    expect(error).toBeNull();
    const generated = result.find((file) => file.filename === REST_OPERATIONS_OUTPUT);
    expect(generated, "codegen.ts no longer generates the REST operations file").toBeDefined();
    const checkedIn = readFileSync(new URL(`../../../${REST_OPERATIONS_OUTPUT}`, import.meta.url), "utf8");
    expect(checkedIn, `${REST_OPERATIONS_OUTPUT} is stale: run npm run codegen`).toBe(generated!.content);
  }, 120_000);
});
