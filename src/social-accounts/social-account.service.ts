// Connected platform accounts. Tokens are encrypted before they reach the database.
import { eq } from "drizzle-orm";
import type { Context } from "../context.js";
import { isAdmin, requireAllowed, requireViewer } from "../auth/access.js";
import { PermissionDenied, ValidationFailed } from "../shared/errors.js";
import type { Executor } from "../db/client.js";
import type { Encryption } from "../shared/encryption.js";
import { getUser } from "../users/user.access.js";
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

/**
 * Pasted tokens (docs/social-connections.md): an admin for an influencer named by `userId`, or an influencer
 * for themself when ALLOW_TOKEN_PASTE is on (off unless set: tests and benches set it). Real users connect through
 * startSocialConnection, which gets the tokens from the platform itself.
 */
export async function connectSocialAccount(context: Context, input: ConnectSocialAccountInput): Promise<SocialAccountRow> {
  const viewer = requireViewer(context);
  let userId = viewer.id;
  if (isAdmin(viewer)) {
    if (!input.userId) throw ValidationFailed("An administrator names the influencer to connect the account for", { userId: "required" });
    const user = await getUser(context, input.userId);
    if (user.role !== "INFLUENCER") throw ValidationFailed("Only influencers have social accounts", { userId: "not an influencer" });
    userId = user.id;
  } else {
    if (input.userId != null) throw PermissionDenied("Only administrators connect accounts for someone else");
    if (!context.app.config.allowTokenPaste) {
      throw PermissionDenied("Pasting tokens is disabled: connect the account with startSocialConnection");
    }
  }
  const fields: Record<string, string> = {};
  if (!/^[\w.\-:]{1,128}$/.test(input.externalAccountId)) fields.externalAccountId = "must be 1-128 letters, digits, . - _ :";
  if (!input.accessToken || input.accessToken.length > 4096) fields.accessToken = "must be 1-4096 characters";
  if (input.refreshToken != null && (input.refreshToken === "" || input.refreshToken.length > 4096)) {
    fields.refreshToken = "must be 1-4096 characters";
  }
  if (Object.keys(fields).length) throw ValidationFailed("The account details are not valid", fields);

  return storeSocialAccount(context.db, context.app.encryption, userId, {
    platform: input.platform,
    externalAccountId: input.externalAccountId,
    username: input.username ?? null,
    kind: input.kind ?? "USER",
    accessToken: input.accessToken,
    refreshToken: input.refreshToken ?? null,
    expiresAt: input.expiresAt ?? null,
  });
}

export interface AccountTokens {
  platform: SocialAccountRow["platform"];
  externalAccountId: string;
  username: string | null;
  kind: SocialAccountRow["kind"];
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** Stores a user's account with its tokens encrypted, or replaces the tokens of the one already stored. */
export async function storeSocialAccount(executor: Executor, encryption: Encryption, userId: number, input: AccountTokens): Promise<SocialAccountRow> {
  const tokens = {
    accessTokenEncrypted: encryption.encrypt(input.accessToken),
    refreshTokenEncrypted: input.refreshToken ? encryption.encrypt(input.refreshToken) : null,
    expiresAt: input.expiresAt,
    username: input.username,
    kind: input.kind,
    status: "VALID" as const,
    updatedAt: new Date(),
  };
  // Connecting the same account again replaces its tokens (a reconnect after expiry or revocation).
  const [account] = await executor
    .insert(socialAccounts)
    .values({
      publicId: newPublicId("account"),
      userId,
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
