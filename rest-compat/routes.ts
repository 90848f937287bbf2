// The route table: every documented REST path, one entry each (see route.ts for what an entry says).
// router.ts serves it and openapi.ts documents it. A new path is a new entry in a file under paths/,
// listed here, never a hand-made Fastify handler.
import type { RestRoute } from "./route.js";
import { healthRoutes } from "./paths/health.js";
import { participationRoutes } from "./paths/participations.js";
import { analyticsRoutes } from "./paths/analytics.js";
import { metricsRoutes } from "./paths/metrics.js";

export const routes: readonly RestRoute[] = [...healthRoutes, ...participationRoutes, ...metricsRoutes, ...analyticsRoutes];
