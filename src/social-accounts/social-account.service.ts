// Connected platform accounts. Tokens are encrypted before they reach the database.
import { eq } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireAllowed, requireViewer } from "../auth/access.js";
import { ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import type { SocialAccountStatus } from "../shared/enums.js";
import { socialAccounts } from "../../schema/tables.js";
import type { ConnectSocialAccountInput, SocialAccountRow } from "./social-account.type.js";
import { getSocialAccount } from "./social-account.access.js";

/** VALID, or EXPIRED when the access token has lapsed and cannot be refreshed, or REVOKED. */
export function effectiveStatus(account: SocialAccountRow, now = new Date()): SocialAccountStatus {
  if (account.status !== "VALID") return account.status;
  if (account.expiresAt && account.expiresAt <= now && !account.refreshTokenEncrypted) return "EXPIRED";
  return "VALID";
}

/** INFLUENCER only, as the resolver declares. */
export async function connectSocialAccount(context: Context, input: ConnectSocialAccountInput): Promise<SocialAccountRow> {
  const viewer = requireViewer(context);
  const fields: Record<string, string> = {};
  if (!/^[\w.\-:]{1,128}$/.test(input.externalAccountId)) fields.externalAccountId = "must be 1-128 letters, digits, . - _ :";
  if (!input.accessToken || input.accessToken.length > 4096) fields.accessToken = "must be 1-4096 characters";
  if (input.refreshToken != null && (input.refreshToken === "" || input.refreshToken.length > 4096)) {
    fields.refreshToken = "must be 1-4096 characters";
  }
  if (Object.keys(fields).length) throw ValidationFailed("The account details are not valid", fields);

  const { encryption } = context.app;
  const tokens = {
    accessTokenEncrypted: encryption.encrypt(input.accessToken),
    refreshTokenEncrypted: input.refreshToken ? encryption.encrypt(input.refreshToken) : null,
    expiresAt: input.expiresAt ?? null,
    username: input.username ?? null,
    kind: input.kind ?? "USER",
    status: "VALID" as const,
    updatedAt: new Date(),
  };
  // Connecting the same account again replaces its tokens (a reconnect after expiry or revocation).
  const [account] = await context.db
    .insert(socialAccounts)
    .values({
      publicId: newPublicId("account"),
      userId: viewer.id,
      platform: input.platform,
      externalAccountId: input.externalAccountId,
      ...tokens,
    })
    .onConflictDoUpdate({
      target: [socialAccounts.userId, socialAccounts.platform, socialAccounts.externalAccountId],
      set: tokens,
    })
    .returning();
  return account!;
}

export async function disconnectSocialAccount(context: Context, id: string): Promise<SocialAccountRow> {
  const { account, access } = await getSocialAccount(context, id);
  requireAllowed(access, ["manage"], "Only the influencer can disconnect an account");
  const [revoked] = await context.db
    .update(socialAccounts)
    .set({ status: "REVOKED", updatedAt: new Date() })
    .where(eq(socialAccounts.id, account.id))
    .returning();
  return revoked!;
}
