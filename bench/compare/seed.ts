// The comparison's dataset, written in bulk: the accounts that sign in are made through the API (so their
// passwords, keys and social-account tokens are what the server makes), everything else by
// INSERT … SELECT generate_series. At --scale 1: 50 brands, 500 influencers, 2,000 campaigns, 20,000
// participations, about 42,000 submissions and 470,000 snapshots, as in docs/performance.md.
import type postgres from "postgres";

export interface Fixtures {
  /** Owns the dashboard's 40 dense campaigns (10 participations × 10 submissions each). */
  dashboardBrand: Account;
  /** Owns the analytics and submit campaigns. */
  analyticsBrand: Account;
  /** An influencer with a participation of 10 submissions in a dashboard campaign. */
  influencer: Account;
  participationId: string;
  /** Submission analytics: one submission with 720 hourly snapshots, one with 8,760. */
  submission720: string;
  submission8760: string;
  /** Campaign analytics: campaigns of 100 and 1,000 accepted submissions, 120 snapshots each (6-hourly, 30 days). */
  campaign100: string;
  campaign1000: string;
  /** Influencers with an approved participation in an open campaign, for submitContent. */
  submitters: { account: Account; participationId: string }[];
  /** Row keys PostGraphile's queries filter on. */
  rows: { dashboardBrandId: number; participationRowId: number; submitParticipationRowIds: number[] };
  counts: Record<string, number>;
}

export interface Account {
  id: string;
  token: string;
}

export type GraphQL = (query: string, variables: Record<string, unknown>, token?: string) => Promise<any>;

const SUBMITTERS = 10;

export async function seed(sql: postgres.Sql, graphql: GraphQL, scale: number, step: (label: string) => void): Promise<Fixtures> {
  const brands = Math.max(3, Math.round(50 * scale));
  const influencers = Math.max(110, Math.round(500 * scale));
  const campaignsPerBrand = 40;

  step("sign-ups through the API");
  const signUp = async (role: "BRAND" | "INFLUENCER", name: string): Promise<Account> => {
    const data = await graphql(`mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`, {
      input: { email: `${name}@bench.test`, password: "bench password 123", role, displayName: name },
    });
    return { id: data.signUp.user.id, token: data.signUp.accessToken };
  };
  const dashboardBrand = await signUp("BRAND", "brand-dashboard");
  const analyticsBrand = await signUp("BRAND", "brand-analytics");
  const influencer = await signUp("INFLUENCER", "influencer-0");
  const submitterAccounts: Account[] = [];
  for (let i = 0; i < SUBMITTERS; i++) {
    const account = await signUp("INFLUENCER", `submitter-${i}`);
    await graphql(
      `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`,
      { input: { platform: "INSTAGRAM", externalAccountId: `bench-${i}`, accessToken: "bench-access", refreshToken: "bench-refresh" } },
      account.token,
    );
    submitterAccounts.push(account);
  }

  step("users");
  await sql`
    insert into users (public_id, email, password_hash, role, display_name)
    select 'user_' || substr(md5('bench-user-' || i), 1, 20), 'user-' || i || '@bench.test',
           (select password_hash from users where email = 'brand-dashboard@bench.test'),
           (case when i <= ${brands - 2} then 'BRAND' else 'INFLUENCER' end)::user_role, 'Bench user ' || i
    from generate_series(1, ${brands - 2 + influencers - 1 - SUBMITTERS}) as i`;

  step("campaigns");
  await sql`
    insert into campaigns (public_id, owner_id, title, currency, status, submission_limit)
    select 'campaign_' || substr(md5('bench-campaign-' || b.id || '-' || k), 1, 20), b.id, 'Campaign ' || b.id || '-' || k, 'USD', 'CAMPAIGN_ACTIVE', 10
    from users b cross join generate_series(1, ${campaignsPerBrand}) as k
    where b.role = 'BRAND' order by b.id, k`;

  step("participations");
  // Ten influencers per campaign, in turn: (campaign n, slot j) gets influencer (10 n + j) mod the count.
  await sql`
    with influencer as (select id, row_number() over (order by id) - 1 as n from users where role = 'INFLUENCER'),
         campaign as (select id, row_number() over (order by id) - 1 as n from campaigns)
    insert into participations (public_id, campaign_id, influencer_id, status)
    select 'participation_' || substr(md5('bench-participation-' || c.id || '-' || j), 1, 20), c.id, i.id, 'PARTICIPATION_STATUS_APPROVED'
    from campaign c cross join generate_series(0, 9) as j
    join influencer i on i.n = (c.n * 10 + j) % ${influencers}
    order by c.id, j`;
  const [{ id: dashboardBrandId }] = await sql<{ id: number }[]>`select id from users where public_id = ${dashboardBrand.id}`;
  const [{ id: analyticsBrandId }] = await sql<{ id: number }[]>`select id from users where public_id = ${analyticsBrand.id}`;
  const [{ id: influencerRowId }] = await sql<{ id: number }[]>`select id from users where public_id = ${influencer.id}`;

  step("submissions");
  // Two per participation; ten in the dashboard brand's campaigns (all of them, so that any 20 are full).
  await sql`
    insert into submissions (public_id, participation_id, platform, content_url, external_media_id, declared_content_type, status, submitted_at)
    select 'submission_' || substr(md5('bench-submission-' || p.id || '-' || k), 1, 20), p.id, 'INSTAGRAM',
           'https://www.instagram.com/p/G' || p.id || 'x' || k || '/', 'G' || p.id || 'x' || k, 'POST', 'ACCEPTED',
           now() - make_interval(days => 25, secs => k)
    from participations p
    cross join lateral generate_series(1, case when p.campaign_id in
      (select id from campaigns where owner_id = ${dashboardBrandId}) then 10 else 2 end) as k
    order by p.id, k`;
  // The influencer's participation for the one-participation workload: theirs in a dense campaign, or a new one.
  let [participation] = await sql<{ id: number; public_id: string }[]>`
    select p.id, p.public_id from participations p join campaigns c on c.id = p.campaign_id
    where p.influencer_id = ${influencerRowId} and c.owner_id = ${dashboardBrandId} order by c.id limit 1`;
  if (!participation) {
    [participation] = await sql<{ id: number; public_id: string }[]>`
      insert into participations (public_id, campaign_id, influencer_id, status)
      select 'participation_' || substr(md5('bench-own-participation'), 1, 20), id, ${influencerRowId}, 'PARTICIPATION_STATUS_APPROVED'
      from campaigns where owner_id = ${dashboardBrandId} order by id limit 1
      returning id, public_id`;
    await sql`
      insert into submissions (public_id, participation_id, platform, content_url, external_media_id, declared_content_type, status)
      select 'submission_' || substr(md5('bench-own-' || k), 1, 20), ${participation!.id}, 'INSTAGRAM',
             'https://www.instagram.com/p/O' || k || '/', 'O' || k, 'POST', 'ACCEPTED'
      from generate_series(1, 10) as k`;
  }

  step("analytics campaigns");
  const analyticsCampaign = async (label: string, submissionCount: number, perParticipation: number) => {
    const [{ id, public_id }] = await sql<{ id: number; public_id: string }[]>`
      insert into campaigns (public_id, owner_id, title, currency, status, submission_limit)
      values (${"campaign_" + label}, ${analyticsBrandId}, ${"Analytics " + label}, 'USD', 'CAMPAIGN_ACTIVE', ${perParticipation})
      returning id, public_id`;
    await sql`
      insert into participations (public_id, campaign_id, influencer_id, status)
      select 'participation_' || substr(md5('bench-analytics-' || ${label} || '-' || u.id), 1, 20), ${id}, u.id, 'PARTICIPATION_STATUS_APPROVED'
      from (select id from users where role = 'INFLUENCER' order by id limit ${Math.ceil(submissionCount / perParticipation)}) u`;
    await sql`
      insert into submissions (public_id, participation_id, platform, content_url, external_media_id, declared_content_type, status, submitted_at)
      select 'submission_' || substr(md5('bench-a-' || p.id || '-' || k), 1, 20), p.id,
             (array['INSTAGRAM', 'TIKTOK', 'YOUTUBE', 'FACEBOOK'])[1 + (p.id + k) % 4]::platform,
             'https://www.instagram.com/p/A' || p.id || 'x' || k || '/', 'A' || p.id || 'x' || k, 'POST', 'ACCEPTED',
             now() - make_interval(days => 31, secs => k)
      from participations p cross join generate_series(1, ${perParticipation}) as k
      where p.campaign_id = ${id} order by p.id, k limit ${submissionCount}`;
    await sql`
      insert into metrics_snapshots (public_id, submission_id, fetched_at, impressions, reach, likes, comments, saves, shares, views)
      select 'snapshot_' || substr(md5(s.id || '-' || h), 1, 20), s.id, date_trunc('hour', now()) - make_interval(hours => 720 - h * 6),
             h * 240 + s.id % 7, h * 180, h * 18, h * 3, h, h / 2, h * 330
      from submissions s join participations p on p.id = s.participation_id cross join generate_series(1, 120) as h
      where p.campaign_id = ${id}`;
    await sql`
      insert into submission_earnings (submission_id, accrued_cents, earned_cents, paid_cents)
      select s.id, 1000 + s.id % 500, 1000 + s.id % 500, 200
      from submissions s join participations p on p.id = s.participation_id where p.campaign_id = ${id}
      on conflict do nothing`;
    return public_id;
  };
  const campaign100 = await analyticsCampaign("analytics100", 100, 1);
  const campaign1000 = await analyticsCampaign("analytics1000", 1000, 10);

  step("submission analytics");
  const [{ id: singleCampaignId }] = await sql<{ id: number }[]>`
    insert into campaigns (public_id, owner_id, title, currency, status, submission_limit)
    values ('campaign_single', ${analyticsBrandId}, 'Single submissions', 'USD', 'CAMPAIGN_ACTIVE', 5) returning id`;
  const [{ id: singleParticipationId }] = await sql<{ id: number }[]>`
    insert into participations (public_id, campaign_id, influencer_id, status)
    values ('participation_single', ${singleCampaignId}, ${influencerRowId}, 'PARTICIPATION_STATUS_APPROVED') returning id`;
  const single = async (hours: number) => {
    const [{ id, public_id }] = await sql<{ id: number; public_id: string }[]>`
      insert into submissions (public_id, participation_id, platform, content_url, external_media_id, declared_content_type, status, submitted_at)
      values (${"submission_h" + hours}, ${singleParticipationId}, 'INSTAGRAM', ${`https://www.instagram.com/p/H${hours}/`}, ${"H" + hours}, 'POST', 'ACCEPTED',
              now() - make_interval(hours => ${hours + 1}))
      returning id, public_id`;
    await sql`
      insert into metrics_snapshots (public_id, submission_id, fetched_at, impressions, reach, likes, comments, saves, shares, views)
      select 'snapshot_' || substr(md5(${id} || '-' || h), 1, 20), ${id}, date_trunc('hour', now()) - make_interval(hours => ${hours} - h),
             h * 40, h * 30, h * 3, h / 2, h / 5, h / 9, h * 55
      from generate_series(1, ${hours}) as h`;
    return public_id;
  };
  const submission720 = await single(720);
  const submission8760 = await single(8760);

  step("other snapshots");
  // Eight per remaining submission, three days apart.
  await sql`
    insert into metrics_snapshots (public_id, submission_id, fetched_at, impressions, reach, likes, comments, saves, shares, views)
    select 'snapshot_' || substr(md5(s.id || '-g-' || k), 1, 20), s.id, date_trunc('hour', now()) - make_interval(days => 3 * k),
           (9 - k) * 500 + s.id % 13, (9 - k) * 400, (9 - k) * 40, (9 - k) * 4, 9 - k, 9 - k, (9 - k) * 700
    from submissions s cross join generate_series(1, 8) as k
    where s.external_media_id like 'G%'`;

  step("submit campaign");
  const [{ id: submitCampaignId }] = await sql<{ id: number }[]>`
    insert into campaigns (public_id, owner_id, title, currency, status, submission_limit)
    values ('campaign_submit', ${analyticsBrandId}, 'Submissions under load', 'USD', 'CAMPAIGN_ACTIVE', 1000000) returning id`;
  const submitters: Fixtures["submitters"] = [];
  const submitParticipationRowIds: number[] = [];
  for (const [i, account] of submitterAccounts.entries()) {
    const [row] = await sql<{ id: number; public_id: string }[]>`
      insert into participations (public_id, campaign_id, influencer_id, status)
      select ${"participation_submit" + i}, ${submitCampaignId}, id, 'PARTICIPATION_STATUS_APPROVED' from users where public_id = ${account.id}
      returning id, public_id`;
    submitters.push({ account, participationId: row!.public_id });
    submitParticipationRowIds.push(row!.id);
  }

  step("analyze");
  await sql`analyze`;
  const [counts] = await sql<Record<string, number>[]>`
    select (select count(*) from users where role = 'BRAND')::int as brands, (select count(*) from users where role = 'INFLUENCER')::int as influencers,
           (select count(*) from campaigns)::int as campaigns, (select count(*) from participations)::int as participations,
           (select count(*) from submissions)::int as submissions, (select count(*) from metrics_snapshots)::int as snapshots`;
  return {
    dashboardBrand,
    analyticsBrand,
    influencer,
    participationId: participation!.public_id,
    submission720,
    submission8760,
    campaign100,
    campaign1000,
    submitters,
    rows: { dashboardBrandId, participationRowId: participation!.id, submitParticipationRowIds },
    counts: counts!,
  };
}

/** Steps `seed` reports, for the progress bar. */
export const SEED_STEPS = 10;
