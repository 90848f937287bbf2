import { defineConfig } from "drizzle-kit";

// Migrations are generated from schema/tables.ts with `npm run db:generate` and applied at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./schema/tables.ts",
  out: "./schema/migrations",
});
