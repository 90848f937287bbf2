// The OAuth 2 route table: the token endpoint, served by its own handler in the dialect's scope.
import type { RouteTable } from "../core/dialect.js";
import { oauth, type OAuthAuth } from "./dialect.js";
import { serveToken, tokenRoute } from "./token.js";

export const oauthRoutes: RouteTable<OAuthAuth> = { dialect: oauth, routes: [tokenRoute], serve: serveToken };
