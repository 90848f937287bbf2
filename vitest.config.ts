import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // Vite would resolve `graphql` to its ESM build for our sources while type-graphql and Apollo load the
  // CommonJS one; graphql refuses to mix two copies (DESIGN §12), so pin every import to the CommonJS one.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    // Pure rules are unit-tested beside their code (src/**), everything else through the server (test/**).
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "rest-compat/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    // Each file starts its own server on its own database; two at a time suits a two-core machine.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
