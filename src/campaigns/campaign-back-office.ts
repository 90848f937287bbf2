// What back-office tools (and the legacy backend paths built on them, docs/legacy-api.md "Campaigns") ask about
// campaigns and their people: the campaigns of an advertiser or available to a user, a user's id by email,
// and the public list anyone may read.
import { Arg, Args, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver, ID } from "type-graphql";
import { CurrencyResolver, SafeIntResolver } from "graphql-scalars";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { isAdmin, requireViewer, requireVisible } from "../auth/access.js";
import { PermissionDenied, ValidationFailed } from "../shared/errors.js";
import { loadByAnyId } from "../shared/loader.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { Platform, UserRole } from "../shared/enums.js";
import { campaigns, users } from "../../schema/tables.js";
import { User } from "../users/user.type.js";
import type { UserRow } from "../users/user.type.js";
import { Campaign, type CampaignRow } from "./campaign.type.js";
import { CampaignFilter } from "./campaign.input.js";
import { listCampaigns } from "./campaign.service.js";

const BackOfficeCampaignConnection = ConnectionType("BackOfficeCampaign", Campaign);

@ObjectType("PublicCampaign", { description: "What anyone may read about an active campaign, without signing in." })
export class PublicCampaign {
  @Field(() => Int) legacyId!: number;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) tagline!: string | null;
  @Field(() => String, { nullable: true }) imageLogo!: string | null;
  @Field(() => [Platform], { description: "Empty means every platform." }) allowedPlatforms!: Platform[];
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => SafeIntResolver, { description: "The least a task pays (the rate card's minimum reward)." }) minimumRewardCents!: number;
}

const PUBLIC_LIST_SIZE = 100;

/** A user named by id for a back-office question: admins may name anyone, brands only themselves (else PERMISSION_DENIED). */
async function namedUser(context: Context, id: string, field: string): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await loadByAnyId(context.loaders.users, id, "user", field);
  if (!isAdmin(viewer) && user?.id !== viewer.id) throw PermissionDenied("A brand may only ask about itself");
  requireVisible(user ? "read" : "none", "User", id);
  return user!;
}

@Resolver()
export class CampaignBackOfficeResolver {
  @Authorized<UserRole>("BRAND", "ADMIN")
  @Query(() => BackOfficeCampaignConnection, {
    description:
      "Brands and admins: the campaigns of one advertiser (`advertiserId`, which wins when both are given), those available to " +
      "one user (`userId`: what that user would list), or all the caller may manage. A brand may only name itself. Newest first.",
    complexity: connectionComplexity,
  })
  async backOfficeCampaigns(
    @Arg("advertiserId", () => ID, { nullable: true }) advertiserId: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ) {
    const cursors = listCursors(context, "Query.backOfficeCampaigns");
    const page = parsePageArgs(args, cursors);
    let scope: Parameters<typeof listCampaigns>[3] = {};
    if (advertiserId != null) {
      const advertiser = await namedUser(context, advertiserId, "advertiserId");
      if (advertiser.role !== "BRAND") throw ValidationFailed("advertiserId is not a brand", { advertiserId: "is not a brand" });
      scope = { ownerId: advertiser.id };
    } else if (userId != null) {
      const user = await namedUser(context, userId, "userId");
      scope = { subject: { id: user.id, role: user.role } };
    }
    return toConnection(await listCampaigns(context, null, page, scope), page, cursors);
  }

  @Authorized<UserRole>("ADMIN")
  @Query(() => User, { nullable: true, description: "Admins: the user with this email (any letter case), or null." })
  userByEmail(@Arg("email", () => String) email: string, @Ctx() context: Context) {
    return context.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email.trim()})`)
      .limit(1)
      .then((rows) => rows[0] ?? null);
  }

  @Query(() => [PublicCampaign], {
    description: `Anyone: active campaigns, newest first (at most ${PUBLIC_LIST_SIZE}), with their public fields only.`,
  })
  async publicCampaigns(
    @Arg("filter", () => CampaignFilter, { nullable: true }) filter: CampaignFilter | null,
    @Ctx() context: Context,
  ): Promise<PublicCampaign[]> {
    const conditions = [eq(campaigns.status, "CAMPAIGN_ACTIVE")];
    if (filter?.category) conditions.push(sql`lower(${campaigns.category}) = lower(${filter.category})`);
    if (filter?.platform) {
      conditions.push(sql`(cardinality(${campaigns.allowedPlatforms}) = 0 or ${filter.platform}::platform = any(${campaigns.allowedPlatforms}))`);
    }
    const rows: CampaignRow[] = await context.db.select().from(campaigns).where(and(...conditions)).orderBy(desc(campaigns.id)).limit(PUBLIC_LIST_SIZE);
    return rows.map((row) => ({
      legacyId: row.id,
      title: row.title,
      tagline: row.tagline,
      imageLogo: row.imageLogo,
      allowedPlatforms: row.allowedPlatforms,
      currency: row.currency,
      minimumRewardCents: row.rateMinimumRewardCents,
    }));
  }
}
