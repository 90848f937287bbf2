// The workloads, each as this API asks it and (where it has one) as PostGraphile 4 asks the same thing of
// the same rows. PostGraphile runs without JWT or roles (see docs/performance.md): it checks nothing.
import { readFileSync } from "node:fs";
import type { Fixtures } from "./seed.js";

export interface Request {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Workload {
  name: string;
  ours: () => Request;
  /** Undefined where PostGraphile has nothing comparable. */
  postgraphile?: () => Request;
  /** Requests whose bodies change (autocannon's setupRequest), e.g. a new post per submitContent. */
  dynamic?: boolean;
  /** The workload whose allocations and CPU profile docs/performance.md reports. */
  profiled?: boolean;
}

const gql = (query: string, variables: Record<string, unknown>, token?: string): Request => ({
  method: "POST",
  path: "/graphql",
  headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ query, variables }),
});

const OUR_DASHBOARD = `query Dashboard {
  campaigns(first: 20) { edges { node {
    id title status
    participations(first: 10) { totalCount edges { node {
      id status
      influencer { id displayName }
      submissions(first: 10) { totalCount edges { node { id status contentUrl submittedAt } } }
    } } }
  } } }
}`;
const PG_DASHBOARD = `query Dashboard($owner: Int!) {
  allCampaigns(first: 20, orderBy: PRIMARY_KEY_ASC, condition: { ownerId: $owner }) { nodes {
    publicId title status
    participationsByCampaignId(first: 10, orderBy: PRIMARY_KEY_ASC) { totalCount nodes {
      publicId status
      userByInfluencerId { publicId displayName }
      submissionsByParticipationId(first: 10, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { publicId status contentUrl submittedAt } }
    } }
  } }
}`;

// GET /participations/{id} runs this operation in-process; the GraphQL workload sends the same text.
const restDir = new URL("../../rest-compat/varmply/participations/", import.meta.url);
const OUR_PARTICIPATION = [readFileSync(new URL("participation.graphql", restDir), "utf8"), readFileSync(new URL("participation-fragments.graphql", restDir), "utf8")].join("\n");
const SUBMISSION_COLUMNS = "publicId platform contentUrl postedAt declaredHashtags declaredMentions declaredContentType status rejectionReason submittedAt";
const PG_PARTICIPATION = `query Participation($id: Int!) {
  participationById(id: $id) {
    publicId status createdAt updatedAt
    campaignByCampaignId { publicId title description objectiveType currency targetBudgetCents status startDate endDate completedAt
      requiredHashtags requiredMentions allowedPlatforms allowedContentTypes submissionLimit createdAt }
    userByInfluencerId { publicId }
    submissionsByParticipationId(first: 100, orderBy: PRIMARY_KEY_ASC) { nodes { ${SUBMISSION_COLUMNS} } }
  }
}`;

const SUBMISSION_ANALYTICS = `query($id: ID!) { submissionAnalytics(submissionId: $id) {
  metrics {
    totals { impressions reach likes comments shares saves views }
    timeseries { bucket series { metric points { startAt endAt value isPartial source } } }
  }
  money { accruedCents paidCents blockedCents payableCents }
  freshness { freshnessStatus lastSnapshotAt }
} }`;
const CAMPAIGN_ANALYTICS = `query($id: ID!) { campaignAnalytics(campaignId: $id) {
  submissionCount influencerCount
  totals { impressions reach likes comments shares saves views }
  performance { deliveredImpressions engagements effectiveCpmCents engagementRate }
  spend { accruedCents paidCents blockedCents payableCents escrowLeftCents blockedReasonCode }
  timeseries { bucket series { metric points { startAt endAt value isPartial source } } }
  byPlatform { platform submissionCount totals { impressions views } performance { effectiveCpmCents engagementRate } }
  topSubmissions(first: 10) { submission { id contentUrl } performance { deliveredImpressions } }
} }`;

const SUBMIT = `mutation($input: SubmitContentInput!) { submitContent(input: $input) { submission { id status } } }`;
const PG_SUBMIT = `mutation($input: CreateSubmissionInput!) { createSubmission(input: $input) { submission { publicId status } } }`;

export function workloads(f: Fixtures): Workload[] {
  let posts = 0;
  const nextPost = () => `${Date.now().toString(36)}${(posts++).toString(36)}`;
  return [
    {
      name: "brand dashboard (20 campaigns → 10 participations → 10 submissions → influencer)",
      ours: () => gql(OUR_DASHBOARD, {}, f.dashboardBrand.token),
      postgraphile: () => gql(PG_DASHBOARD, { owner: f.rows.dashboardBrandId }),
      profiled: true,
    },
    {
      name: "one participation with campaign and submissions (GraphQL)",
      ours: () => gql(OUR_PARTICIPATION, { id: f.participationId }, f.influencer.token),
      postgraphile: () => gql(PG_PARTICIPATION, { id: f.rows.participationRowId }),
    },
    {
      name: "one participation, REST GET /participations/{id}",
      ours: () => ({ method: "GET", path: `/participations/${f.participationId}`, headers: { authorization: `Bearer ${f.influencer.token}` } }),
      postgraphile: () => gql(PG_PARTICIPATION, { id: f.rows.participationRowId }),
    },
    {
      name: "submissionAnalytics, 720 snapshots",
      ours: () => gql(SUBMISSION_ANALYTICS, { id: f.submission720 }, f.analyticsBrand.token),
    },
    {
      name: "submissionAnalytics, 8,760 snapshots",
      ours: () => gql(SUBMISSION_ANALYTICS, { id: f.submission8760 }, f.analyticsBrand.token),
    },
    {
      name: "campaignAnalytics, 100 submissions",
      ours: () => gql(CAMPAIGN_ANALYTICS, { id: f.campaign100 }, f.analyticsBrand.token),
    },
    {
      name: "campaignAnalytics, 1,000 submissions",
      ours: () => gql(CAMPAIGN_ANALYTICS, { id: f.campaign1000 }, f.analyticsBrand.token),
    },
    {
      name: "submitContent, 10 concurrent influencers (PostGraphile: createSubmission, a plain insert)",
      dynamic: true,
      ours: () => {
        const post = nextPost();
        const submitter = f.submitters[posts % f.submitters.length]!;
        return gql(
          SUBMIT,
          { input: { participationId: submitter.participationId, platform: "INSTAGRAM", contentUrl: `https://www.instagram.com/p/S${post}/` } },
          submitter.account.token,
        );
      },
      postgraphile: () => {
        const post = nextPost();
        const participationId = f.rows.submitParticipationRowIds[posts % f.rows.submitParticipationRowIds.length];
        return gql(PG_SUBMIT, {
          input: {
            submission: {
              publicId: `submission_pg${post}`,
              participationId,
              platform: "INSTAGRAM",
              contentUrl: `https://www.instagram.com/p/P${post}/`,
              externalMediaId: `P${post}`,
              declaredContentType: "POST",
            },
          },
        });
      },
    },
  ];
}
