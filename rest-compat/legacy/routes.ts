// The legacy route table. It has no endpoints yet; the dialect is mounted all the same, so every request
// under /api/ already answers in the legacy error body (404 for now).
import type { RouteTable } from "../core/dialect.js";
import { legacy, type LegacyAuth } from "./dialect.js";

export const legacyRoutes: RouteTable<LegacyAuth> = { dialect: legacy, routes: [] };
