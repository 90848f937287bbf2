// User administration (admins only; the resolver declares the role): bans, force-logout, an account's status
// report, custom social walls. Ending sessions is one rule in src/auth/auth.service.ts (`endAllSessions`).
import { and, eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { endAllSessions } from "../auth/auth.service.js";
import { NotFound, PermissionDenied, ValidationFailed } from "../shared/errors.js";
import { loadByAnyId } from "../shared/loader.js";
import { queryRows } from "../db/client.js";
import { campaigns, customSocialWalls, participations, users } from "../../schema/tables.js";
import type { UserRow } from "../users/user.type.js";
import type { AddCustomSocialWallInput, CustomSocialWallRow, SetUserBanInput, UserStatusReport } from "./user-admin.type.js";

const MAX_REASON_LENGTH = 500;
const MAX_URL_LENGTH = 2_000;

async function requireUser(context: Context, userId: string): Promise<UserRow> {
  const user = await loadByAnyId(context.loaders.users, userId, "user", "userId");
  if (!user) throw NotFound("User", userId);
  return user;
}

/**
 * Bans (status BANNED with the reason; every session ends at once) or lifts a ban (ACTIVE, reason cleared;
 * the sessions it ended stay ended). An administrator cannot ban themself or another administrator (whose
 * account ADMIN_EMAIL restores at every start anyway). Lifting a ban of an account that is not banned changes
 * nothing: an inactive or suspended account keeps its status.
 */
export async function setUserBan(context: Context, input: SetUserBanInput): Promise<UserRow> {
  const admin = requireViewer(context);
  const user = await requireUser(context, input.userId);
  if (!input.banned) {
    const [lifted] = await context.db
      .update(users)
      .set({ status: "ACTIVE", banReason: null, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), eq(users.status, "BANNED")))
      .returning();
    return lifted ?? user;
  }
  const reason = input.reason?.trim() ?? "";
  if (!reason || reason.length > MAX_REASON_LENGTH) throw ValidationFailed("A ban needs a reason", { reason: `must be 1 to ${MAX_REASON_LENGTH} characters` });
  if (user.id === admin.id) throw PermissionDenied("An administrator cannot ban themself");
  if (user.role === "ADMIN") throw PermissionDenied("Administrators cannot be banned");
  return (await endAllSessions(context.db, user.id, { status: "BANNED", banReason: reason })) ?? user;
}

/** Ends every session of the user now: their access tokens fail on the next request, their refresh tokens are revoked. */
export async function forceLogout(context: Context, userId: string): Promise<UserRow> {
  const admin = requireViewer(context);
  const user = await requireUser(context, userId);
  if (user.id === admin.id) throw PermissionDenied("An administrator cannot force-logout themself; use signOut");
  return (await endAllSessions(context.db, user.id)) ?? user;
}

/**
 * The status report of the user with this id; `exists: false` (every figure null) when there is none, so that
 * check-user can answer it. `totalCampaigns` is one SQL statement, chosen by role.
 */
export async function userStatusReport(context: Context, userId: string): Promise<UserStatusReport> {
  const user = await loadByAnyId(context.loaders.users, userId, "user", "userId");
  if (!user) return { exists: false, user: null, status: null, banReason: null, joinedDate: null, totalCampaigns: null };
  const count =
    user.role === "INFLUENCER"
      ? sql`select count(distinct ${participations.campaignId})::int as total from ${participations} where ${participations.influencerId} = ${user.id}`
      : sql`select count(*)::int as total from ${campaigns} where ${campaigns.ownerId} = ${user.id}`;
  const [row] = await queryRows<{ total: number }>(context.db, count);
  return {
    exists: true,
    user,
    status: user.status,
    banReason: user.banReason,
    joinedDate: user.createdAt.toISOString().slice(0, 10),
    totalCampaigns: row!.total,
  };
}

/** An http(s) URL with a host and no credentials, in its normalised spelling (so the same wall is found again). */
function wallUrl(raw: string): string {
  const text = raw.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname || url.username || url.password || text.length > MAX_URL_LENGTH) {
    throw ValidationFailed("The wall URL is not valid", { url: `must be an http or https URL with a host, at most ${MAX_URL_LENGTH} characters` });
  }
  return url.href;
}

/** Adds a custom social wall to the user's profile; the same wall (user, network, URL) again adds nothing. */
export async function addCustomSocialWall(context: Context, input: AddCustomSocialWallInput): Promise<{ wall: CustomSocialWallRow; created: boolean; user: UserRow }> {
  const admin = requireViewer(context);
  const url = wallUrl(input.url);
  const user = await requireUser(context, input.userId);
  const [created] = await context.db
    .insert(customSocialWalls)
    .values({ userId: user.id, platform: input.platform, url, createdById: admin.id })
    .onConflictDoNothing()
    .returning();
  if (created) return { wall: created, created: true, user };
  const [existing] = await context.db
    .select()
    .from(customSocialWalls)
    .where(and(eq(customSocialWalls.userId, user.id), eq(customSocialWalls.platform, input.platform), eq(customSocialWalls.url, url)));
  return { wall: existing!, created: false, user };
}
