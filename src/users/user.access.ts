// Who may see a user's private side (email, connected accounts, earnings) and fetch the user by id.
import type { Context, Viewer } from "../context.js";
import { isAdmin, requireViewer, requireVisibleRow } from "../auth/access.js";
import { loadByAnyId } from "../shared/loader.js";
import type { UserRow } from "./user.type.js";

/**
 * manage: the user themself; read: administrators; none: everyone else, who meets a user only through the
 * objects that link it (a campaign's owner, a participation's influencer) and sees its public fields.
 */
export type UserAccess = "none" | "read" | "manage";

export function userAccess(viewer: Viewer | null, userId: number): UserAccess {
  if (viewer?.id === userId) return "manage";
  return isAdmin(viewer) ? "read" : "none";
}

/** A user the viewer may fetch by id (themself, or anyone for an administrator), or NOT_FOUND. */
export async function getUser(context: Context, publicId: string): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await loadByAnyId(context.loaders.users, publicId, "user", "id");
  requireVisibleRow(user, user ? userAccess(viewer, user.id) : "none", "User", publicId);
  return user!;
}
