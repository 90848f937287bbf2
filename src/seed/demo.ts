// Demo data for `npm start` on an empty database and for `npm run seed`: inserts the world described in
// world.ts in one transaction, with tokens encrypted and passwords hashed as the services do.
import { sql } from "drizzle-orm";
import type { App } from "../context.js";
import type { Config } from "../config.js";
import { loadConfig } from "../config.js";
import type { Executor, Tx } from "../db/client.js";
import { queryRows } from "../db/client.js";
import { hashPassword } from "../auth/password.js";
import { newPublicId } from "../shared/ids.js";
import type { Platform } from "../shared/enums.js";
import { normalizeTag } from "../shared/tags.js";
import { parseContentUrl } from "../submissions/content-url.js";
import { simulatedCounts } from "../metrics/providers/simulated.js";
import {
  campaigns,
  campaignTasks,
  ingestionAttempts,
  metricsSnapshots,
  participations,
  socialAccounts,
  submissions,
  users,
} from "../../schema/tables.js";
import {
  BRANDS,
  CAMPAIGNS,
  DEMO_ADMIN,
  DEMO_PASSWORD,
  INFLUENCERS,
  type DemoMetrics,
  type DemoSubmission,
  type DemoUser,
} from "./world.js";

export { DEMO_PASSWORD } from "./world.js";

/** What seeding needs from the running app (the CLI builds just this much). */
export type SeedApp = Pick<App, "config" | "database" | "encryption">;

// Serialises seeders: two processes starting at once on one PostgreSQL database seed it only once.
const SEED_LOCK_ID = 7_401_200;
const HOUR = 3_600_000;

/**
 * True when nobody but administrators has an account. Administrators do not count because the server
 * creates the ADMIN_EMAIL account before it looks, and that alone should not keep the demo away.
 */
export async function isDatabaseEmpty(db: Executor): Promise<boolean> {
  const [row] = await queryRows<{ taken: boolean }>(db, sql`select exists (select 1 from users where role <> 'ADMIN') as taken`);
  return !row?.taken;
}

/** Seeds the demo world into an empty database; returns false (and changes nothing) when it is not empty. */
export async function seedDemoData(app: SeedApp): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return app.database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    if (!(await isDatabaseEmpty(tx))) return false;
    await insertDemoWorld(tx, app, passwordHash);
    return true;
  });
}

/** The demo accounts, as `describeDemoAccounts` prints them. */
export function demoAccounts(config: Pick<Config, "adminEmail">): { email: string; role: string; name: string }[] {
  const users = [...BRANDS, ...INFLUENCERS].map((user) => ({
    email: user.email,
    role: user.role,
    name: user.username ? `${user.displayName} (@${user.username})` : user.displayName,
  }));
  if (!config.adminEmail) users.push({ email: DEMO_ADMIN.email, role: DEMO_ADMIN.role, name: DEMO_ADMIN.displayName });
  return users;
}

/** A printable block: the accounts, the shared password, and a curl that signs in. */
export function describeDemoAccounts(config: Pick<Config, "adminEmail" | "host" | "port"> = loadConfig()): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${host}:${config.port}/graphql`;
  const rows = demoAccounts(config).map((account) => `  ${account.role.padEnd(11)} ${account.email.padEnd(28)} ${account.name}`);
  if (config.adminEmail) rows.push(`  ${"ADMIN".padEnd(11)} ${config.adminEmail.padEnd(28)} (ADMIN_EMAIL, with ADMIN_PASSWORD)`);
  const body = JSON.stringify({
    query: "mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id role displayName } } }",
    variables: { input: { email: BRANDS[0]!.email, password: DEMO_PASSWORD } },
  });
  return [
    `Demo accounts (password for all: ${DEMO_PASSWORD}):`,
    ...rows,
    "",
    "Sign in (then send the accessToken as 'Authorization: Bearer <accessToken>'):",
    `  curl -s ${url} -H 'content-type: application/json' \\`,
    `    -d '${body}'`,
    "",
  ].join("\n");
}

const at = (now: number, hoursAgo: number) => new Date(now - hoursAgo * HOUR);

/** Inserts the whole world with `tx`. Exported for the reset in `reset.ts`, which runs it after truncating. */
export async function insertDemoWorld(tx: Tx, app: Pick<SeedApp, "config" | "encryption">, passwordHash: string): Promise<void> {
  // Whole minutes, so the seeded times read well.
  const now = Math.floor(Date.now() / 60_000) * 60_000;

  // Users. A configured administrator (ADMIN_EMAIL) replaces the demo one, whose password is public.
  const people: DemoUser[] = [...BRANDS, ...INFLUENCERS, ...(app.config.adminEmail ? [] : [DEMO_ADMIN])];
  const userRows = await tx
    .insert(users)
    .values(
      people.map((user) => ({
        publicId: newPublicId("user"),
        email: user.email,
        passwordHash,
        role: user.role,
        displayName: user.displayName,
        username: user.username ?? null,
        sex: user.sex ?? null,
        birthDate: user.birthDate ?? null,
        countryCode: user.countryCode ?? null,
        city: user.city ?? null,
        interestCategories: user.interestCategories ?? [],
        createdAt: at(now, user.createdHoursAgo),
        updatedAt: at(now, user.createdHoursAgo),
      })),
    )
    .returning({ id: users.id, email: users.email });
  const userId = new Map(people.map((user) => [user.key, userRows.find((row) => row.email === user.email)!.id]));

  // Connected accounts, tokens encrypted exactly as connectSocialAccount stores them.
  const { encryption } = app;
  const accountValues = INFLUENCERS.flatMap((user) =>
    (user.accounts ?? []).map((account) => {
      const platform = account.platform.toLowerCase();
      return {
        publicId: newPublicId("account"),
        userId: userId.get(user.key)!,
        platform: account.platform,
        kind: account.kind,
        externalAccountId: account.externalAccountId,
        username: account.username,
        accessTokenEncrypted: encryption.encrypt(`demo-${platform}-access-${user.key}`),
        refreshTokenEncrypted: account.refreshable ? encryption.encrypt(`demo-${platform}-refresh-${user.key}`) : null,
        expiresAt: account.expiresInHours === undefined ? null : at(now, -account.expiresInHours),
        status: account.status ?? "VALID",
        createdAt: at(now, user.createdHoursAgo - 2),
        updatedAt: at(now, account.status === "REVOKED" ? 3 * 24 : user.createdHoursAgo - 2),
      };
    }),
  );
  await tx.insert(socialAccounts).values(accountValues);

  // Campaigns, in world.ts order (oldest first), so "newest first" lists read as the story goes.
  const campaignValues = CAMPAIGNS.map((campaign) => ({
    publicId: newPublicId("campaign"),
    ownerId: userId.get(campaign.owner)!,
    title: campaign.title,
    tagline: campaign.tagline,
    description: campaign.description,
    objectiveType: campaign.objectiveType,
    category: campaign.category,
    currency: campaign.currency,
    targetBudgetCents: campaign.targetBudgetCents,
    status: campaign.status,
    startDate: at(now, -campaign.startInHours),
    endDate: at(now, -campaign.endInHours),
    completedAt: campaign.completedHoursAgo === undefined ? null : at(now, campaign.completedHoursAgo),
    requiredHashtags: campaign.requiredHashtags.map((tag) => normalizeTag(tag, "#")!),
    requiredMentions: campaign.requiredMentions.map((tag) => normalizeTag(tag, "@")!),
    allowedPlatforms: campaign.allowedPlatforms,
    allowedContentTypes: campaign.allowedContentTypes,
    submissionLimit: campaign.submissionLimit,
    rateFlatCents: campaign.rateFlatCents,
    rateCpmCents: campaign.rateCpmCents,
    rateBonuses: campaign.rateBonuses ?? {},
    imageLogo: campaign.imageLogo ?? null,
    createdAt: at(now, campaign.createdHoursAgo),
    updatedAt: at(now, campaign.completedHoursAgo ?? campaign.createdHoursAgo),
  }));
  const campaignIds: number[] = [];
  for (const values of campaignValues) {
    // One statement per campaign keeps the identity order equal to the list order.
    const [row] = await tx.insert(campaigns).values(values).returning({ id: campaigns.id });
    campaignIds.push(row!.id);
  }

  const taskValues = CAMPAIGNS.flatMap((campaign, index) =>
    campaign.tasks.map((task) => ({
      publicId: newPublicId("task"),
      campaignId: campaignIds[index]!,
      title: task.title,
      description: task.description,
      requirements: task.requirements,
      deadline: at(now, -task.deadlineInHours),
      paymentCents: task.paymentCents,
      createdAt: at(now, campaign.createdHoursAgo - 1),
      updatedAt: at(now, campaign.createdHoursAgo - 1),
    })),
  );
  if (taskValues.length) await tx.insert(campaignTasks).values(taskValues);

  // Participations and their submissions.
  const participationValues: (typeof participations.$inferInsert)[] = [];
  const submissionPlans: { participation: string; plan: DemoSubmission }[] = [];
  CAMPAIGNS.forEach((campaign, index) => {
    for (const participation of campaign.participations) {
      const publicId = newPublicId("participation");
      participationValues.push({
        publicId,
        campaignId: campaignIds[index]!,
        influencerId: userId.get(participation.influencer)!,
        status: participation.status,
        createdAt: at(now, participation.joinedHoursAgo),
        updatedAt: at(now, participation.updatedHoursAgo),
      });
      for (const plan of participation.submissions ?? []) submissionPlans.push({ participation: publicId, plan });
    }
  });
  const participationRows = await tx
    .insert(participations)
    .values(participationValues)
    .returning({ id: participations.id, publicId: participations.publicId });
  const participationId = new Map(participationRows.map((row) => [row.publicId, row.id]));

  const metricsPlans: { submission: string; platform: Platform; externalMediaId: string; plan: DemoSubmission; metrics: DemoMetrics }[] = [];
  const submissionValues = submissionPlans.map(({ participation, plan }) => {
    const parsed = parseContentUrl(plan.url);
    if (!parsed || parsed.platform !== plan.platform) throw new Error(`demo data: ${plan.url} is not a ${plan.platform} post URL`);
    const publicId = newPublicId("submission");
    const lastAttempt = plan.metrics ? lastAttemptHoursAgo(plan, plan.metrics) : undefined;
    if (plan.metrics) {
      metricsPlans.push({ submission: publicId, platform: plan.platform, externalMediaId: parsed.externalMediaId, plan, metrics: plan.metrics });
    }
    return {
      publicId,
      participationId: participationId.get(participation)!,
      platform: plan.platform,
      contentUrl: plan.url,
      externalMediaId: parsed.externalMediaId,
      // The first refresh resolves the platform's own id; an Instagram shortcode is not a Graph media id.
      platformMediaId: plan.metrics ? (plan.platform === "INSTAGRAM" ? instagramMediaId(parsed.externalMediaId) : parsed.externalMediaId) : null,
      postedAt: at(now, plan.postedHoursAgo),
      declaredHashtags: plan.hashtags.map((tag) => normalizeTag(tag, "#")!),
      declaredMentions: plan.mentions.map((tag) => normalizeTag(tag, "@")!),
      declaredContentType: plan.contentType ?? parsed.contentType,
      status: plan.status,
      rejectionReason: plan.rejectionReason ?? null,
      reviewerNote: plan.reviewerNote ?? null,
      submittedAt: at(now, plan.submittedHoursAgo),
      reviewedAt: plan.reviewedHoursAgo === undefined ? null : at(now, plan.reviewedHoursAgo),
      lastMetricsAttemptAt: lastAttempt === undefined ? null : at(now, lastAttempt),
      createdAt: at(now, plan.submittedHoursAgo),
      updatedAt: at(now, plan.reviewedHoursAgo ?? plan.submittedHoursAgo),
    };
  });
  const submissionRows = await tx
    .insert(submissions)
    .values(submissionValues)
    .returning({ id: submissions.id, publicId: submissions.publicId });
  const submissionId = new Map(submissionRows.map((row) => [row.publicId, row.id]));

  // Metrics: cumulative snapshots every two hours since acceptance, one ingestion attempt per refresh. The
  // counts are the simulated provider's for the same post at the same moment, so a refresh after seeding
  // (offline, the simulated provider serves) continues each series where the demo left it.
  const snapshotValues: (typeof metricsSnapshots.$inferInsert)[] = [];
  const attemptValues: (typeof ingestionAttempts.$inferInsert)[] = [];
  for (const { submission, platform, externalMediaId, plan, metrics } of metricsPlans) {
    const id = submissionId.get(submission)!;
    for (const hoursAgo of refreshTimes(plan, metrics)) {
      const fetchedAt = at(now, hoursAgo);
      const counts = simulatedCounts(platform, externalMediaId, plan.postedHoursAgo - hoursAgo);
      snapshotValues.push({ publicId: newPublicId("snapshot"), submissionId: id, fetchedAt, ...counts });
      attemptValues.push({ submissionId: id, attemptedAt: fetchedAt, outcome: "SUCCESS" });
    }
    for (const failure of metrics.failures ?? []) {
      attemptValues.push({ submissionId: id, attemptedAt: at(now, failure.hoursAgo), outcome: "FAILURE", failureReason: failure.reason, detail: failure.detail });
    }
  }
  attemptValues.sort((a, b) => a.attemptedAt!.getTime() - b.attemptedAt!.getTime());
  if (snapshotValues.length) await tx.insert(metricsSnapshots).values(snapshotValues);
  if (attemptValues.length) await tx.insert(ingestionAttempts).values(attemptValues);
}

/**
 * Refresh times (hours ago) of a tracked submission: every two hours from an hour after acceptance until
 * now, with a few minutes of deterministic jitter, skipping the slot each failure took.
 */
function refreshTimes(plan: DemoSubmission, metrics: DemoMetrics): number[] {
  const start = (plan.reviewedHoursAgo ?? plan.submittedHoursAgo) - 1;
  const times: number[] = [];
  for (let slot = 0, hoursAgo = start; hoursAgo > 0.25; slot++, hoursAgo = start - slot * 2) {
    const jittered = hoursAgo - ((slot * 7) % 11) / 60;
    if ((metrics.failures ?? []).some((failure) => failure.hoursAgo >= jittered && failure.hoursAgo - jittered < 2)) continue;
    times.push(jittered);
  }
  return times;
}

function lastAttemptHoursAgo(plan: DemoSubmission, metrics: DemoMetrics): number {
  return Math.min(...refreshTimes(plan, metrics), ...(metrics.failures ?? []).map((failure) => failure.hoursAgo));
}

/** A stable, numeric Graph-style media id for a shortcode (the demo has no real Graph API to ask). */
function instagramMediaId(shortcode: string): string {
  let hash = 0;
  for (const char of shortcode) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_007;
  return `1790${String(hash).padStart(13, "0")}`;
}
