// The health probes. src/server.ts serves them (readiness pings the database, which the REST layer never
// touches); they are listed here so that /openapi.json documents them and wrong methods get 405.
import type { ServerRoute } from "../core/route.js";
import { enumOf, object } from "../core/json-schema.js";
import type { VarmplyAuth } from "./dialect.js";

export const health: ServerRoute<VarmplyAuth> = {
  kind: "server",
  method: "GET",
  path: "/health",
  auth: "none",
  tag: "Health",
  summary: "Liveness",
  description: "Answers 200 while the process is up; it does not look at the database.",
  success: {
    status: 200,
    response: { description: "The process is up", schema: object({ status: enumOf(["ok"], "Always ok") }), example: { status: "ok" } },
  },
};

export const healthReady: ServerRoute<VarmplyAuth> = {
  kind: "server",
  method: "GET",
  path: "/health/ready",
  auth: "none",
  tag: "Health",
  summary: "Readiness",
  description: "Answers 200 when the database is reachable, 503 (SERVICE_UNAVAILABLE) when it is not.",
  success: {
    status: 200,
    response: {
      description: "The database is reachable",
      schema: object({ status: enumOf(["ok"], "Always ok"), database: enumOf(["up"], "The database answered") }),
      example: { status: "ok", database: "up" },
    },
  },
  errors: { 503: "The database is not reachable" },
};

export const healthRoutes = [health, healthReady];
