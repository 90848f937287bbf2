// The campaign figures of /api/campaigns/stats/general|status|networks/ over a scope (every campaign, or one
// advertiser's), shared by `adminStatistics.campaigns` and `advertiserStatistics.campaigns`: one statement
// counts the campaigns created in the range per current status and per network they accept.
import { Field, Int, ObjectType } from "type-graphql";
import { sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { queryRows } from "../db/client.js";
import { PLATFORMS } from "../platforms/platforms.js";
import { checkRange, withinRange, type StatisticsRange } from "./statistics.range.js";

@ObjectType("CampaignStatusCounts", { description: "Campaigns per current status." })
export class CampaignStatusCounts {
  @Field(() => Int) draft!: number;
  @Field(() => Int) pending!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int) paused!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) cancelled!: number;
}

@ObjectType("CampaignNetworkCount", { description: "Campaigns that accept one network." })
export class CampaignNetworkCount {
  @Field(() => String, { description: "The platform in lower case (instagram, tiktok, facebook, youtube)." }) network!: string;
  @Field(() => Int) campaigns!: number;
}

@ObjectType("CampaignStatistics", { description: "Campaign counts over a scope, for the campaigns created in the range (docs/legacy-api.md)." })
export class CampaignStatistics {
  @Field(() => Int, { description: "Campaigns created in the range, any status." }) total!: number;
  @Field(() => CampaignStatusCounts, { description: "The same campaigns per current status." }) byStatus!: CampaignStatusCounts;
  @Field(() => [CampaignNetworkCount], {
    description:
      "The same campaigns per network they accept, every platform listed in PLATFORMS order; a campaign of two networks counts in both, one that names none accepts every platform.",
  })
  byNetwork!: CampaignNetworkCount[];
}

const STATUS_KEYS = ["draft", "pending", "active", "paused", "completed", "cancelled"] as const;

/**
 * The campaign figures of a scope (every campaign, or one advertiser's) for the campaigns created in the
 * range: one statement. The caller decides who may see the scope.
 */
export async function campaignStatisticsFor(
  context: Context,
  scope: { advertiserId?: number },
  range?: StatisticsRange | null,
): Promise<CampaignStatistics> {
  checkRange(range);
  const owner = scope.advertiserId === undefined ? sql`true` : sql`c.owner_id = ${scope.advertiserId}`;
  // A campaign that names no platform accepts every one (the legacy `networks` of rest-compat/legacy/codecs.ts).
  const platforms = sql.raw(PLATFORMS.map((platform) => `'${platform}'`).join(", "));
  const [row] = await queryRows<Record<string, number | string>>(
    context.db,
    sql`with scoped as (
          select c.status, case when cardinality(c.allowed_platforms) = 0 then array[${platforms}]::platform[] else c.allowed_platforms end as networks
          from campaigns c where ${owner} and ${withinRange(sql`c.created_at`, range)}
        )
        select count(*)::int as total,
          ${sql.raw(STATUS_KEYS.map((key) => `count(*) filter (where status = 'CAMPAIGN_${key.toUpperCase()}')::int as "${key}"`).join(", "))},
          ${sql.raw(PLATFORMS.map((platform) => `count(*) filter (where '${platform}' = any(networks))::int as "${platform}"`).join(", "))}
        from scoped`,
  );
  const count = (key: string) => Number(row?.[key] ?? 0);
  return {
    total: count("total"),
    byStatus: Object.fromEntries(STATUS_KEYS.map((key) => [key, count(key)])) as unknown as CampaignStatusCounts,
    byNetwork: PLATFORMS.map((platform) => ({ network: platform.toLowerCase(), campaigns: count(platform) })),
  };
}
