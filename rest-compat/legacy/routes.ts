// The legacy route table: each area's routes (rest-compat/legacy/<area>/routes.ts). Every request under /api/
// answers in the legacy error body, unknown paths included.
import type { RouteTable } from "../core/dialect.js";
import { legacy, type LegacyAuth } from "./dialect.js";
import { campaignRoutes } from "./campaigns/routes.js";
import { taskRoutes } from "./tasks/routes.js";
import { moneyRoutes } from "./money/routes.js";
import { referenceRoutes } from "./reference/routes.js";
import { adminStatisticsRoutes } from "./statistics/admin-routes.js";
import { advertiserStatisticsRoutes } from "./statistics/advertiser-routes.js";
import { userRoutes } from "./users/routes.js";

export const legacyRoutes: RouteTable<LegacyAuth> = { dialect: legacy, routes: [...campaignRoutes, ...taskRoutes, ...moneyRoutes, ...referenceRoutes, ...adminStatisticsRoutes, ...advertiserStatisticsRoutes, ...userRoutes] };
