// Sign-up, sign-in, rotating refresh tokens, sign-out, password changes, ending every session of a user, and
// the administrator bootstrap. How revocation works is in docs/oauth.md, "Revocation".
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { App } from "../context.js";
import type { Db, Executor } from "../db/client.js";
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

/** The password rule, for sign-up and changePassword: what is wrong with it, or undefined. */
function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 1024) return `must be ${MIN_PASSWORD_LENGTH} to 1024 characters`;
  return undefined;
}

function checkNewUser(input: NewUser): void {
  const fields: Record<string, string> = {};
  if (!EMAIL.test(input.email) || input.email.length > 254) fields.email = "must be an email address";
  const password = passwordProblem(input.password);
  if (password) fields.password = password;
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
  return startSession(app, user.id, randomUUID());
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
  if (user.status !== "ACTIVE") throw Unauthorized(inactiveMessage(user));
  return startSession(app, user.id, randomUUID(), application);
}

const inactiveMessage = (user: Pick<UserRow, "status">) => `This account is ${user.status.toLowerCase()}`;

/**
 * Issues a session: one refresh token row and an access token, both stamped with the same issue instant.
 * The user's row is read again under a share lock, so a ban or force-logout (`endAllSessions`, which takes
 * the row's update lock before it reads the clock) either comes first — and is seen here: the account is not
 * active, or the session is stamped after its instant — or comes after and ends this session too.
 * `issuedBefore`: a refresh token's own issue instant, refused when sessions ended at or after it.
 */
async function startSession(app: App, userId: number, familyId: string, application?: GrantedApplication, issuedBefore?: Date): Promise<Session> {
  const { token, hash } = newRefreshToken();
  const { user, issuedAtMs } = await app.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for("share");
    if (!row || row.status !== "ACTIVE") throw Unauthorized(row ? inactiveMessage(row) : "The account is not active");
    const endedAtMs = row.sessionsValidAfter?.getTime();
    if (issuedBefore && endedAtMs !== undefined && issuedBefore.getTime() <= endedAtMs) throw Unauthorized("Refresh token is not valid");
    // After the last revocation's instant even within its millisecond, so a sign-in right after a force-logout works.
    const issuedAtMs = Math.max(Date.now(), endedAtMs === undefined ? 0 : endedAtMs + 1);
    await tx.insert(refreshTokens).values({
      userId,
      tokenHash: hash,
      familyId,
      applicationId: application?.id ?? null,
      expiresAt: new Date(issuedAtMs + app.config.refreshTokenTtlSeconds * 1000),
      createdAt: new Date(issuedAtMs),
    });
    return { user: row, issuedAtMs };
  });
  return {
    accessToken: await app.accessTokens.issue({ userPublicId: user.publicId, role: user.role, clientId: application?.clientId }, issuedAtMs),
    accessTokenExpiresAt: new Date((Math.floor(issuedAtMs / 1000) + app.config.accessTokenTtlSeconds) * 1000),
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
  // A ban or force-logout between the consumption and here is caught by the token's issue instant.
  return startSession(app, consumed.userId, consumed.familyId, application, consumed.createdAt);
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

export async function revokeAllSessions(db: Executor, userId: number): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** What else changes on the user's row in the same transaction as `endAllSessions` (a ban, a new password). */
export type SessionEndingChange = Partial<Pick<UserRow, "status" | "banReason" | "passwordHash">>;

/**
 * Ends every session of the user at once, as one rule for force-logout, bans and password changes: stamps
 * `sessionsValidAfter` (access tokens issued at or before it are refused by src/context.ts on their next
 * request) and revokes every refresh token, together with `change`. The clock is read after the row's update
 * lock is taken, so every session `startSession` issued before is stamped at or before this instant.
 * Undefined when there is no such user.
 */
export async function endAllSessions(db: Db, userId: number, change: SessionEndingChange = {}): Promise<UserRow | undefined> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ sessionsValidAfter: users.sessionsValidAfter }).from(users).where(eq(users.id, userId)).for("update");
    if (!locked) return undefined;
    const endedAt = new Date(Math.max(Date.now(), locked.sessionsValidAfter?.getTime() ?? 0));
    const [user] = await tx.update(users).set({ ...change, sessionsValidAfter: endedAt, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
    await tx
      .update(refreshTokens)
      .set({ revokedAt: endedAt })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    return user;
  });
}

/**
 * The viewer changes their password: the current one is checked (counted against the same per-account
 * budget as sign-ins), the new one must pass the sign-up rule. Every session of the user ends, the caller's
 * included (an access token does not say which refresh token family it came with), and the answer is a
 * fresh session, so the caller stays signed in with the new pair.
 */
export async function changePassword(app: App, userId: number, currentPassword: string, newPassword: string, clientIp: string): Promise<Session> {
  const problem = passwordProblem(newPassword);
  if (problem) throw ValidationFailed("The new password is not valid", { newPassword: problem });
  const [user] = await app.database.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw Unauthorized();
  const attempt = await app.rateLimits.startSignIn(clientIp, user.email);
  let valid: boolean;
  try {
    valid = await verifyPassword(currentPassword, user.passwordHash);
  } catch (error) {
    await attempt.notAWrongPassword();
    throw error;
  }
  // Not UNAUTHORIZED: the caller's session is fine, only the value it sent is wrong.
  if (!valid) throw ValidationFailed("The current password is wrong", { currentPassword: "is not the account's current password" });
  await attempt.notAWrongPassword();
  await endAllSessions(app.database.db, user.id, { passwordHash: await hashPassword(newPassword) });
  return startSession(app, user.id, randomUUID());
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
