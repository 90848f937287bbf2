import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILE, emittedSchema } from "../../src/graphql/emit-schema.js";

describe("schema/schema.graphql", () => {
  it("matches the schema the code builds (run `npm run schema:emit` after changing types)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await emittedSchema());
  });
});
