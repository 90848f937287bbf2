// The REST layer's overhead: GET /participations/{id} against the same GraphQL operation sent to
// POST /graphql, on one server in one run. Both paths do the same database work, so the difference is what
// rest-compat adds (routing, validation, context, shaping) minus what /graphql spends on its HTTP envelope.
//
//   npm run bench:rest                      # embedded PGlite in memory
//   DATABASE_URL=postgres://… npm run bench:rest   # a scratch database on that PostgreSQL server
//   BENCH_REQUESTS=2000 BENCH_WARMUP=200 npm run bench:rest
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { startTestServer } from "../test/support/server.js";
import { loadOperations } from "../rest-compat/core/operations.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);

// A real server on 127.0.0.1: PGlite in memory, or with DATABASE_URL a scratch database on that server,
// dropped at the end (the same harness as the tests).
const harness = await startTestServer({}, { databasePrefix: "varmply_bench" });
const { server, url: base } = harness;

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const { data, errors } = await harness.gql(query, variables, token);
  if (errors) throw new Error(`setup failed: ${JSON.stringify(errors)}`);
  return data;
}

/** A participation with a few submissions, seen by its influencer: a realistic GET body. */
async function setUp(): Promise<{ token: string; participationId: string }> {
  const tag = randomBytes(4).toString("hex");
  const signUp = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`;
  const account = (role: string) => ({ input: { email: `bench-${role.toLowerCase()}-${tag}@example.test`, password: "bench password 1", role, displayName: `bench ${role}` } });
  const brand = (await graphql(signUp, account("BRAND"))).signUp.accessToken;
  const influencer = (await graphql(signUp, account("INFLUENCER"))).signUp.accessToken;
  const { createCampaign } = await graphql(
    `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }`,
    { input: { title: `Bench ${tag}`, currency: "USD", requiredHashtags: ["#bench"], submissionLimit: 3 } },
    brand,
  );
  const campaignId = createCampaign.campaign.id;
  await graphql(`mutation($id: ID!) { setCampaignStatus(id: $id, status: CAMPAIGN_ACTIVE) { campaign { id } } }`, { id: campaignId }, brand);
  await graphql(
    `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`,
    { input: { platform: "INSTAGRAM", externalAccountId: `bench-${tag}`, accessToken: `token-${tag}` } },
    influencer,
  );
  const participationId = (await graphql(`mutation($id: ID!) { joinCampaign(campaignId: $id) { participation { id } } }`, { id: campaignId }, influencer))
    .joinCampaign.participation.id;
  for (let i = 0; i < 3; i++) {
    await graphql(
      `mutation($input: SubmitContentInput!) { submitContent(input: $input) { submission { id } } }`,
      { input: { participationId, platform: "INSTAGRAM", contentUrl: `https://www.instagram.com/p/B${tag}${i}/`, declaredHashtags: ["#bench"] } },
      influencer,
    );
  }
  return { token: influencer, participationId };
}

async function timed(request: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const response = await request();
  const body = await response.text();
  const elapsed = performance.now() - start;
  if (response.status !== 200 || body.includes('"errors"')) throw new Error(`unexpected answer ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

try {
  const { token, participationId } = await setUp();
  // Exactly the document GET /participations/{id} runs, fragments included.
  const query = loadOperations().get("RestParticipation")!.text;
  const rest = () => fetch(`${base}/participations/${participationId}`, { headers: { authorization: `Bearer ${token}` } });
  const direct = () =>
    fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { id: participationId } }),
    });

  for (let i = 0; i < WARMUP; i++) {
    await timed(rest);
    await timed(direct);
  }
  // Sequential, alternating, so that both see the same machine state (GC, JIT, other load).
  const samples = { rest: [] as number[], graphql: [] as number[] };
  for (let i = 0; i < REQUESTS; i++) {
    samples.rest.push(await timed(rest));
    samples.graphql.push(await timed(direct));
  }

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const restStats = stats(samples.rest);
  const graphqlStats = stats(samples.graphql);
  const ms = (value: number) => `${value.toFixed(3)} ms`.padStart(11);
  console.log(`REST overhead: GET /participations/{id} vs POST /graphql (same operation), ${server.app.database.driver}, ${REQUESTS} requests each after ${WARMUP} warm-up`);
  console.log(`                          median         p99`);
  console.log(`  GET /participations ${ms(restStats.median)} ${ms(restStats.p99)}`);
  console.log(`  POST /graphql       ${ms(graphqlStats.median)} ${ms(graphqlStats.p99)}`);
  console.log(`  ratio REST/GraphQL  ${(restStats.median / graphqlStats.median).toFixed(2).padStart(11)} ${(restStats.p99 / graphqlStats.p99).toFixed(2).padStart(11)}`);
} finally {
  await harness.close();
}
