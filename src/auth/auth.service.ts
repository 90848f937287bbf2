// Sign-up, sign-in, rotating refresh tokens, sign-out, and the administrator bootstrap.
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { App } from "../context.js";
import type { Db } from "../db/client.js";
import { UNIQUE_VIOLATION, postgresErrorCode } from "../db/client.js";
import { Conflict, DomainError, Unauthorized, ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import type { UserRole } from "../shared/enums.js";
import type { UserRow } from "../users/user.type.js";
import { refreshTokens, users } from "../../schema/tables.js";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password.js";
import { hashRefreshToken, newRefreshToken } from "./tokens.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRow;
}

/** The application a session is granted to at /oauth/token: its tokens carry `client_id`, its refresh tokens are bound to it. */
export interface GrantedApplication {
  id: number;
  clientId: string;
}

export interface NewUser {
  email: string;
  password: string;
  role: UserRole;
  displayName: string;
}

function checkNewUser(input: NewUser): void {
  const fields: Record<string, string> = {};
  if (!EMAIL.test(input.email) || input.email.length > 254) fields.email = "must be an email address";
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 1024) {
    fields.password = `must be ${MIN_PASSWORD_LENGTH} to 1024 characters`;
  }
  if (!input.displayName.trim() || input.displayName.length > 200) fields.displayName = "must be 1 to 200 characters";
  if (Object.keys(fields).length) throw ValidationFailed("The sign-up details are not valid", fields);
}

export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  checkNewUser(input);
  try {
    const [user] = await db
      .insert(users)
      .values({
        publicId: newPublicId("user"),
        email: input.email.trim(),
        passwordHash: await hashPassword(input.password),
        role: input.role,
        displayName: input.displayName.trim(),
      })
      .returning();
    return user!;
  } catch (error) {
    if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw Conflict("An account with this email already exists");
    throw error;
  }
}

export async function signUp(app: App, input: NewUser, clientIp: string): Promise<Session> {
  if (input.role === "ADMIN") {
    throw ValidationFailed("Administrators cannot sign up", { role: "must be BRAND or INFLUENCER" });
  }
  await app.rateLimits.checkSignUp(clientIp, input.email);
  const user = await createUser(app.database.db, input);
  return startSession(app, user, randomUUID());
}

/** Limited per client address and per account (docs/rate-limits.md), before any password is hashed. */
export async function signIn(app: App, email: string, password: string, clientIp: string, application?: GrantedApplication): Promise<Session> {
  const attempt = await app.rateLimits.startSignIn(clientIp, email);
  const [user] = await app.database.db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email.trim()})`);
  let valid: boolean;
  try {
    valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  } catch (error) {
    await attempt.notAWrongPassword(); // the password was never checked (hashing is at capacity)
    throw error;
  }
  if (!user || !valid) throw Unauthorized("Email or password is wrong");
  await attempt.notAWrongPassword();
  if (user.status !== "ACTIVE") throw Unauthorized(`This account is ${user.status.toLowerCase()}`);
  return startSession(app, user, randomUUID(), application);
}

async function startSession(app: App, user: UserRow, familyId: string, application?: GrantedApplication): Promise<Session> {
  const { token, hash } = newRefreshToken();
  await app.database.db.insert(refreshTokens).values({
    userId: user.id,
    tokenHash: hash,
    familyId,
    applicationId: application?.id ?? null,
    expiresAt: new Date(Date.now() + app.config.refreshTokenTtlSeconds * 1000),
  });
  return {
    accessToken: await app.accessTokens.issue({ userPublicId: user.publicId, role: user.role, clientId: application?.clientId }),
    accessTokenExpiresAt: new Date(Date.now() + app.config.accessTokenTtlSeconds * 1000),
    refreshToken: token,
    user,
  };
}

/**
 * Trades a refresh token for a new session. The old token is consumed atomically, so two concurrent uses
 * cannot both succeed; presenting an already-used token revokes its whole family (it was likely stolen).
 */
export async function refreshSession(app: App, refreshToken: string, clientIp: string, application?: GrantedApplication): Promise<Session> {
  const db = app.database.db;
  const hash = hashRefreshToken(refreshToken);
  // Whose token it is, for the per-account limit: checked before the token is spent.
  const [owner] = await db
    .select({ userId: refreshTokens.userId, applicationId: refreshTokens.applicationId, familyId: refreshTokens.familyId, revokedAt: refreshTokens.revokedAt })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hash));
  await app.rateLimits.checkRefreshSession(clientIp, owner?.userId);
  // A session granted to an application refreshes only through it (and a signIn session only without one);
  // the token is left unspent, since the caller holding it is not its client.
  if (owner && owner.applicationId !== (application?.id ?? null)) {
    // A spent token is a stolen one whoever presents it: its family goes, as for a reuse below.
    if (owner.revokedAt) {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, owner.familyId), isNull(refreshTokens.revokedAt)));
    }
    throw Unauthorized("Refresh token is not valid");
  }
  const [consumed] = await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.tokenHash, hash), isNull(refreshTokens.revokedAt)))
    .returning();
  if (!consumed) {
    const [reused] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
    if (reused) {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, reused.familyId), isNull(refreshTokens.revokedAt)));
    }
    throw Unauthorized("Refresh token is not valid");
  }
  if (consumed.expiresAt.getTime() <= Date.now()) throw Unauthorized("Refresh token expired");
  const [user] = await db.select().from(users).where(eq(users.id, consumed.userId));
  if (!user || user.status !== "ACTIVE") throw Unauthorized("The account is not active");
  return startSession(app, user, consumed.familyId, application);
}

/** Revokes the family of the given refresh token, or every session of the user when none is given. */
export async function signOut(app: App, userId: number, refreshToken?: string | null): Promise<void> {
  const db = app.database.db;
  if (refreshToken) {
    const [row] = await db
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.tokenHash, hashRefreshToken(refreshToken)), eq(refreshTokens.userId, userId)));
    if (!row) return;
    await db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
    return;
  }
  await revokeAllSessions(db, userId);
}

export async function revokeAllSessions(db: Db, userId: number): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** Creates or updates the administrator from ADMIN_EMAIL / ADMIN_PASSWORD. */
export async function ensureAdmin(db: Db, email: string, password: string): Promise<void> {
  const [existing] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (!existing) {
    try {
      await createUser(db, { email, password, role: "ADMIN", displayName: "Administrator" });
      return;
    } catch (error) {
      // Another process starting at the same moment created it first: update theirs instead.
      if (!(error instanceof DomainError && error.code === "CONFLICT")) throw error;
      return ensureAdmin(db, email, password);
    }
  }
  await db
    .update(users)
    .set({ role: "ADMIN", status: "ACTIVE", passwordHash: await hashPassword(password), updatedAt: new Date() })
    .where(eq(users.id, existing.id));
}
