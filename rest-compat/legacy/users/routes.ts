// The legacy user administration paths (docs/legacy-api.md, "User administration"): admins only, which the
// GraphQL operations enforce (src/user-admin/, src/notifications/).
import * as documents from "../../generated/operations.js";
import type { Platform } from "../../generated/operations.js";
import { boolean, enumOf, integer, nullable, object, string } from "../../core/json-schema.js";
import { found } from "../../core/failure.js";
import { idBody, legacyIdField, legacyRoute, network } from "../dialect.js";
import { formBoolean, lowerEnum, upperEnum } from "../codecs.js";

const ADMINS_ONLY = { 403: "Brands and influencers" } as const;
const userIdBody = idBody("user_id", "user", "userId");
const legacyStatus = (status: string | null) => (status === null ? null : lowerEnum(status));
const statusSchema = enumOf(["active", "inactive", "suspended", "banned"], "The account's status");
const joinedSchema = string("The day the account was created, YYYY-MM-DD (UTC)", { format: "date" });

const userStatus = legacyRoute({
  path: "/api/user/status/",
  description: "Admins: the account's status, the day it joined and `total_campaigns` (an influencer's campaigns with a participation, a brand's own campaigns). 404 for an unknown id.",
  ...userIdBody,
  operation: documents.LegacyUserStatusDocument,
  variables: (body) => ({ userId: String(body.user_id) }),
  respond: ({ userStatus: report }) => {
    found(report.exists ? report : null, "User");
    return { status: legacyStatus(report.status), joined_date: report.joinedDate, total_campaigns: report.totalCampaigns };
  },
  response: object({ status: statusSchema, joined_date: joinedSchema, total_campaigns: integer("Campaigns the user took part in", { minimum: 0 }) }),
  errors: { ...ADMINS_ONLY, 404: "No such user" },
});

const checkUser = legacyRoute({
  path: "/api/general/tools/check-user/",
  description: "Admins: whether a user has this id, with its status and joined day; an unknown id answers `exists: false` with both null.",
  ...userIdBody,
  operation: documents.LegacyUserStatusDocument,
  variables: (body) => ({ userId: String(body.user_id) }),
  respond: ({ userStatus: report }) => ({ exists: report.exists, status: legacyStatus(report.status), joined_date: report.joinedDate }),
  response: object({ exists: boolean("Whether a user has the id"), status: nullable(statusSchema), joined_date: nullable(joinedSchema) }),
  errors: ADMINS_ONLY,
});

/** Both ban paths: `banned` true bans (a reason is required), false lifts the ban. */
const banRoute = (path: string) =>
  legacyRoute({
    path,
    description: "Admins: `banned=true` bans the user with `reason` (1-500 characters); every session ends at once. `banned=false` lifts a ban. Not oneself, nor an admin (403).",
    body: { user_id: legacyIdField("user"), banned: enumOf(["true", "false", "1", "0"], "Ban (true) or lift the ban (false)"), reason: string("Why; required to ban", { maxLength: 500 }) },
    required: ["user_id", "banned"],
    fieldNames: { userId: "user_id" },
    operation: documents.LegacySetUserBanDocument,
    variables: (body) => ({ input: { userId: String(body.user_id), banned: formBoolean(body.banned)!, reason: body.reason ?? null } }),
    message: "User ban status updated",
    errors: { 403: "Brands, influencers, oneself or another admin", 404: "No such user" },
  });

const forceLogout = legacyRoute({
  path: "/api/user/force-logout/",
  description: "Admins: ends every session of the user now; their access and refresh tokens fail on their next use. Not oneself (403).",
  ...userIdBody,
  operation: documents.LegacyForceLogoutDocument,
  variables: (body) => ({ input: { userId: String(body.user_id) } }),
  message: "User logged out",
  errors: { 403: "Brands, influencers, or oneself", 404: "No such user" },
});

const notification = legacyRoute({
  path: "/api/user/notification/",
  description: "Admins: stores a notification for the user (GraphQL `viewer { notifications }`). `type`: 1-40 of a-z, 0-9, _ and - (`general` when left out).",
  body: { user_id: legacyIdField("user"), message: string("1 to 2000 characters"), type: string("A short slug, e.g. campaign") },
  required: ["user_id", "message"],
  fieldNames: { userId: "user_id" },
  operation: documents.LegacySendNotificationDocument,
  variables: (body) => ({ input: { userId: String(body.user_id), message: body.message, type: body.type ?? "general" } }),
  message: "Notification sent",
  errors: { ...ADMINS_ONLY, 404: "No such user" },
});

const customSocialWall = legacyRoute({
  path: "/api/user/add-custom-social-wall/",
  description: "Admins: adds a custom social wall (an http(s) URL on a network) to the user's profile; the same wall again answers success and adds nothing.",
  body: { user_id: legacyIdField("user"), wall_url: string("An http or https URL"), network: network("The wall's network") },
  required: ["user_id", "wall_url", "network"],
  fieldNames: { userId: "user_id", url: "wall_url", platform: "network" },
  operation: documents.LegacyAddCustomSocialWallDocument,
  variables: (body) => ({ input: { userId: String(body.user_id), url: body.wall_url, platform: upperEnum(body.network) as Platform } }),
  message: "Custom social wall added",
  errors: { ...ADMINS_ONLY, 404: "No such user" },
});

export const userRoutes = [userStatus, banRoute("/api/user/status/ban/"), notification, forceLogout, customSocialWall, checkUser, banRoute("/api/general/tools/user-ban/")];
