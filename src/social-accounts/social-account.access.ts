// Who may see and disconnect a connected platform account: as its user's private side is seen.
import { eq } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer, requireVisible } from "../auth/access.js";
import { ValidationFailed } from "../shared/errors.js";
import { isPublicId } from "../shared/ids.js";
import { socialAccounts } from "../../schema/tables.js";
import { userAccess, type UserAccess } from "../users/user.access.js";
import type { SocialAccountRow } from "./social-account.type.js";

/**
 * An account the viewer may see, as its user's private side is seen (the influencer and admins, as
 * `User.socialAccounts` shows them), with the viewer's access, or NOT_FOUND.
 */
export async function getSocialAccount(context: Context, id: string): Promise<{ account: SocialAccountRow; access: Exclude<UserAccess, "none"> }> {
  const viewer = requireViewer(context);
  if (!isPublicId(id, "account")) throw ValidationFailed("id is not a social account id", { id: "malformed" });
  const [account] = await context.db.select().from(socialAccounts).where(eq(socialAccounts.publicId, id));
  const access = requireVisible(account ? userAccess(viewer, account.userId) : "none", "Social account", id);
  return { account: account!, access };
}

