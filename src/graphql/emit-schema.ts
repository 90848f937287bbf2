// `npm run schema:emit`: writes the GraphQL SDL to schema/schema.graphql (checked in; a test compares).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { getSchema } from "./schema.js";

export const SCHEMA_FILE = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));

export async function emittedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, await emittedSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
