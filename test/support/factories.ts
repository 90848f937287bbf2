// Builds test data through the public GraphQL API, so every factory exercises the real rules.
import { randomBytes } from "node:crypto";
import type { TestServer } from "./server.js";

export interface Actor {
  token: string;
  refreshToken: string;
  id: string;
  email: string;
}

const unique = () => randomBytes(5).toString("hex");

/** Returns `data`, failing loudly with the errors when there are any. */
export async function ok<T = any>(server: TestServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await server.gql<T>(query, variables, token);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)} (status ${response.status})`);
  }
  return response.data;
}

/** The first error's code, failing when the operation succeeded. */
export async function errorCode(server: TestServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<string> {
  const response = await server.gql(query, variables, token);
  if (!response.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return response.errors[0]!.extensions.code;
}

export async function signUp(server: TestServer, role: "BRAND" | "INFLUENCER", displayName = `${role.toLowerCase()} ${unique()}`): Promise<Actor> {
  const email = `${role.toLowerCase()}-${unique()}@example.test`;
  const data = await ok(
    server,
    `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }`,
    { input: { email, password: "correct horse battery", role, displayName } },
  );
  return { token: data.signUp.accessToken, refreshToken: data.signUp.refreshToken, id: data.signUp.user.id, email };
}

export async function createCampaign(server: TestServer, brand: Actor, input: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(
    server,
    `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }`,
    { input: { title: `Campaign ${unique()}`, currency: "USD", ...input } },
    brand.token,
  );
  return data.createCampaign.campaign.id;
}

export async function setCampaignStatus(server: TestServer, brand: Actor, id: string, status: string): Promise<void> {
  await ok(server, `mutation($id: ID!, $status: CampaignStatus!) { setCampaignStatus(id: $id, status: $status) { campaign { id } } }`, { id, status }, brand.token);
}

/** A campaign created and moved to CAMPAIGN_ACTIVE. */
export async function createActiveCampaign(server: TestServer, brand: Actor, input: Record<string, unknown> = {}): Promise<string> {
  const id = await createCampaign(server, brand, input);
  await setCampaignStatus(server, brand, id, "CAMPAIGN_ACTIVE");
  return id;
}

export async function connectAccount(server: TestServer, influencer: Actor, platform = "INSTAGRAM", extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(
    server,
    `mutation($input: ConnectSocialAccountInput!) { connectSocialAccount(input: $input) { socialAccount { id } } }`,
    { input: { platform, externalAccountId: `acct-${unique()}`, accessToken: `access-${unique()}`, refreshToken: `refresh-${unique()}`, ...extra } },
    influencer.token,
  );
  return data.connectSocialAccount.socialAccount.id;
}

export async function join(server: TestServer, influencer: Actor, campaignId: string): Promise<string> {
  const data = await ok(
    server,
    `mutation($id: ID!) { joinCampaign(campaignId: $id) { participation { id } } }`,
    { id: campaignId },
    influencer.token,
  );
  return data.joinCampaign.participation.id;
}

export const SUBMIT = `mutation($input: SubmitContentInput!) {
  submitContent(input: $input) {
    submission { id status rejectionReason contentType externalMediaId }
    participation { id status }
  }
}`;

/** A well-formed Instagram post URL, different each call. */
export const instagramUrl = () => `https://www.instagram.com/p/C${unique()}/`;

export async function submit(server: TestServer, influencer: Actor, participationId: string, input: Record<string, unknown> = {}) {
  const data = await ok(
    server,
    SUBMIT,
    { input: { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl(), ...input } },
    influencer.token,
  );
  return data.submitContent as { submission: { id: string; status: string; rejectionReason: string | null; contentType: string }; participation: { id: string; status: string } };
}

export async function review(server: TestServer, brand: Actor, submissionId: string, action: "APPROVE" | "REJECT", reason?: string) {
  const data = await ok(
    server,
    `mutation($input: ReviewSubmissionInput!) { reviewSubmission(input: $input) { submission { id status rejectionReason reviewerNote } participation { id status } } }`,
    { input: { submissionId, action, reason } },
    brand.token,
  );
  return data.reviewSubmission;
}

/** A brand with an active campaign, and an influencer with an Instagram account who joined it. */
export async function joinedParticipation(server: TestServer, campaignInput: Record<string, unknown> = {}) {
  const brand = await signUp(server, "BRAND");
  const influencer = await signUp(server, "INFLUENCER");
  const campaignId = await createActiveCampaign(server, brand, campaignInput);
  await connectAccount(server, influencer, "INSTAGRAM");
  const participationId = await join(server, influencer, campaignId);
  return { brand, influencer, campaignId, participationId };
}
