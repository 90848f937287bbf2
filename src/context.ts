// The per-request context every resolver receives: who is asking, the database, and fresh loaders.
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import type { DatabaseHandle, Db } from "./db/client.js";
import type { Encryption } from "./shared/encryption.js";
import type { SigningKeys } from "./auth/signing-keys.js";
import type { AccessTokens } from "./auth/tokens.js";
import type { Providers } from "./metrics/providers/index.js";
import type { RateLimits } from "./rate-limits/rate-limit.policies.js";
import type { UserRole } from "./shared/enums.js";
import { Unauthorized } from "./shared/errors.js";
import { createLoaders, type Loaders } from "./loaders.js";

export interface Viewer {
  id: number;
  publicId: string;
  role: UserRole;
  /** The application the token was issued to (its `client_id`), for tokens from /oauth/token. */
  clientId?: string;
}

/**
 * Which access tokens a path takes: `user` tokens from signIn (/graphql, the back-office paths),
 * `application` tokens from /oauth/token (the legacy app paths), or `any` (public paths). See docs/oauth.md.
 */
export type AcceptedTokens = "user" | "application" | "any";

/** Long-lived services shared by all requests of one process. */
export interface App {
  config: Config;
  database: DatabaseHandle;
  encryption: Encryption;
  signingKeys: SigningKeys;
  accessTokens: AccessTokens;
  /** The metrics provider of each platform (real or simulated, per configuration). */
  providers: Providers;
  /** Attempt budgets (auth, manual metrics refreshes) and the platform call budget; see docs/rate-limits.md. */
  rateLimits: RateLimits;
  log: FastifyBaseLogger;
}

export interface Context {
  requestId: string;
  /** The client's address: Fastify's `request.ip`, which believes X-Forwarded-For only with TRUST_PROXY. */
  clientIp: string;
  viewer: Viewer | null;
  db: Db;
  app: App;
  loaders: Loaders;
}

/** Builds a context from the Authorization header. A token that is present but not valid is UNAUTHORIZED. */
export async function createContext(
  app: App,
  requestId: string,
  authorization: string | undefined,
  clientIp: string,
  accepts: AcceptedTokens = "user",
): Promise<Context> {
  const db = app.database.db;
  let viewer: Viewer | null = null;
  const loaders = createLoaders(db, () => viewer);
  if (authorization !== undefined && authorization !== "") {
    // The scheme name is case-insensitive (RFC 7235); the token itself is not.
    const match = /^Bearer +([A-Za-z0-9_\-.]+)$/i.exec(authorization.trim());
    if (!match) throw Unauthorized("Authorization must be 'Bearer <access token>'");
    const claims = await app.accessTokens.verify(match[1]!);
    const { clientId } = claims;
    if (clientId && accepts === "user") throw Unauthorized("This token was issued to an application; it is accepted only on the application paths of /api");
    if (!clientId && accepts === "application") throw Unauthorized("This path needs an access token issued to a registered application at /oauth/token");
    // Checked on every request, so a revoked application's tokens stop working at once.
    const [user, application] = await Promise.all([
      loaders.users.byPublicId.load(claims.userPublicId),
      clientId ? loaders.applications.byClientId.load(clientId) : undefined,
    ]);
    if (clientId && (!application || application.revokedAt)) throw Unauthorized("The application this token was issued to is revoked");
    if (!user || user.status !== "ACTIVE") throw Unauthorized("The account behind this token is not active");
    // Revocation (ban, force-logout, password change: src/auth/auth.service.ts, endAllSessions) costs no
    // statement of its own: it reads the row loaded above. An instant equal to the stamp is refused too.
    if (user.sessionsValidAfter && claims.issuedAtMs <= user.sessionsValidAfter.getTime()) {
      throw Unauthorized("This session has ended (signed out by an administrator, or the password changed); sign in again");
    }
    // Operations often ask for the viewer's own row by its key (a participation's influencer, a campaign's owner).
    loaders.users.byId.prime(user.id, user);
    viewer = { id: user.id, publicId: user.publicId, role: user.role, ...(clientId ? { clientId } : {}) };
  }
  return { requestId, clientIp, viewer, db, app, loaders };
}
