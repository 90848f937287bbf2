// The Varmply route table: every documented Varmply path, one entry each (see core/route.ts for what an
// entry says). A new path is a new entry in an area folder here, listed below, never a hand-made handler.
import type { RouteTable } from "../core/dialect.js";
import { varmply, type VarmplyAuth } from "./dialect.js";
import { healthRoutes } from "./health.js";
import { participationRoutes } from "./participations/routes.js";
import { analyticsRoutes } from "./analytics/routes.js";
import { metricsRoutes } from "./metrics/routes.js";

export const varmplyRoutes: RouteTable<VarmplyAuth> = {
  dialect: varmply,
  routes: [...healthRoutes, ...participationRoutes, ...metricsRoutes, ...analyticsRoutes],
};
