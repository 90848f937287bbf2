// Contract tests for the participation paths (docs/rest-compat.md) (and the health probes): every
// documented key, with the seed's name and JSON type, for the success answer and each error status a path
// can give; authorization per path (docs/decisions.md: 404 when the caller may not see the object, 403 when it
// sees it but may not act). The key lists below are transcribed from the seed, not from rest-compat/, so
// they hold the code to the seed; keys the seed elides carry the names docs/rest-compat.md lists.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import Fastify from "fastify";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call, expectError, expectFieldError, expectShape, schemaValidator, type RestResponse, type Spec } from "../../support/rest.js";
import { connectAccount, createActiveCampaign, instagramUrl, join, joinedParticipation, ok, review, signUp, submit } from "../../support/factories.js";
import { openApiDocument, registerRestCompat, servedRoutes } from "../../../rest-compat/index.js";
import { loadOperations } from "../../../rest-compat/core/operations.js";
import { varmply } from "../../../rest-compat/varmply/dialect.js";
import { participationRoutes, submitContent } from "../../../rest-compat/varmply/participations/routes.js";
import { healthRoutes } from "../../../rest-compat/varmply/health.js";

// ---- the seed's shapes ------------------------------------------------------------------------------------

const CONTENT_SUBMISSION: Spec = {
  submissionId: "string", // elided by the seed: see docs/rest-compat.md
  platform: "string",
  contentUrl: "string",
  submittedAtTimestamp: "timestamp",
  postedAtTimestamp: "timestamp|null",
  declaredHashtags: ["string"],
  declaredMentions: ["string"],
  declaredContentType: "string",
  submissionStatus: "string",
  rejectionReason: "string|null",
};

const PARTICIPATION: Spec = {
  participationId: "string",
  campaignId: "string",
  influencerUserId: "string",
  participationStatus: "string",
  contentSubmissionList: [CONTENT_SUBMISSION],
  createdAtTimestamp: "timestamp",
  lastUpdatedAtTimestamp: "timestamp",
};

const PARTICIPATION_DETAILS: Spec = {
  participation: PARTICIPATION,
  campaign: {
    campaignId: "string",
    campaignTitle: "string",
    campaignDescription: "string|null",
    campaignLifeCycleStatus: "string",
    objectiveType: "string|null",
    currency: "string",
    targetBudgetCents: "integer|null",
    startDateTimestamp: "timestamp|null",
    endDateTimestamp: "timestamp|null",
    completedAtTimestamp: "timestamp|null",
    requiredHashtags: ["string"],
    requiredMentions: ["string"],
    allowedPlatforms: ["string"],
    allowedContentTypes: ["string"],
    submissionLimit: "integer",
    createdAtTimestamp: "timestamp",
  },
  submission_tracking_summary: { submission_limit: "integer", accepted_submission_count: "integer", tracked_submission_count: "integer" },
  submission_tracking_list: [{ submission_id: "string", is_tracked: "boolean", tracking_reason: "string" }],
};

const SUBMIT_RESPONSE: Spec = {
  submission: {
    submission_id: "string",
    participation_id: "string",
    content_url: "string",
    platform: "string",
    submission_status: "string",
    rejection_reason: "string|null",
    submitted_at_timestamp: "timestamp",
  },
  participation: { participation_id: "string", participation_status: "string" },
};

const REVIEW_RESPONSE: Spec = {
  submission_id: "string",
  participation_id: "string",
  submission_status: "string",
  rejection_reason: "string|null",
  participation_status: "string",
};

// ---- the server ---------------------------------------------------------------------------------------------

let server: TestServer;
const matchesSchema = schemaValidator();
const openapi = openApiDocument(loadOperations());

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** Which `METHOD path status` answers the tests have seen, to check at the end that each documented one was. */
const seen = new Set<string>();

/** The body also satisfies the response schema /openapi.json publishes for that path and status. */
function expectDocumented(route: string, response: RestResponse) {
  const [method, path] = route.split(" ") as [string, string];
  const documented = (openapi.paths as any)[path]?.[method.toLowerCase()]?.responses?.[response.status];
  expect(documented, `${route} does not document status ${response.status}`).toBeDefined();
  const schema = documented.content["application/json"].schema;
  expect(matchesSchema(schema.$ref ? openapi.components.schemas.Error : schema, response.body)).toEqual([]);
  seen.add(`${route} ${response.status}`);
}

/** An error answer of `route`: the error shape (naming `field` for a 400), documented for that route. */
function expectRouteError(route: string, response: RestResponse, status: number, code: string, field?: string) {
  if (field) expectFieldError(response, field);
  else expectError(response, status, code);
  expectDocumented(route, response);
}

const get = (path: string, token?: string) => call(server, "GET", path, { token });
const post = (path: string, token?: string, body?: unknown) => call(server, "POST", path, { token, body });

/** An influencer's participation with one submission, its brand, and strangers of both roles. */
async function world() {
  const setup = await joinedParticipation(server, { requiredHashtags: ["#summer"], submissionLimit: 3 });
  const strangerInfluencer = await signUp(server, "INFLUENCER");
  const strangerBrand = await signUp(server, "BRAND");
  return { ...setup, strangerInfluencer, strangerBrand };
}

const MISSING_PARTICIPATION = "participation_0000000000000000000A";
const MISSING_SUBMISSION = "submission_0000000000000000000A";

describe("GET /participations/{participationId}", () => {
  it("answers the documented shape, with tracked and untracked submissions", async () => {
    const { brand, influencer, campaignId, participationId } = await world();
    const first = await submit(server, influencer, participationId, { declaredHashtags: ["#summer"], postedAt: "2024-01-01T12:00:00Z" });
    const second = await submit(server, influencer, participationId, { declaredHashtags: ["summer"] });
    const rejected = await submit(server, influencer, participationId, { declaredHashtags: [] });
    await review(server, brand, first.submission.id, "APPROVE");
    await review(server, brand, second.submission.id, "APPROVE");
    // Lowering the limit leaves two accepted submissions of which one is tracked (the seed's 5 vs 3).
    await ok(server, `mutation($id: ID!) { updateCampaign(id: $id, input: { submissionLimit: 1 }) { campaign { id } } }`, { id: campaignId }, brand.token);

    for (const viewer of [influencer, brand]) {
      const response = await get(`/participations/${participationId}`, viewer.token);
      expect(response.status).toBe(200);
      expectShape(response.body, PARTICIPATION_DETAILS);
      expectDocumented("GET /participations/{participationId}", response);
      const body = response.body;
      expect(body.participation).toMatchObject({
        participationId,
        campaignId,
        influencerUserId: influencer.id,
        participationStatus: "PARTICIPATION_STATUS_APPROVED",
      });
      expect(body.campaign).toMatchObject({ campaignId, campaignLifeCycleStatus: "CAMPAIGN_ACTIVE", requiredHashtags: ["#summer"], submissionLimit: 1 });
      expect(body.participation.contentSubmissionList.map((s: any) => [s.submissionId, s.submissionStatus, s.rejectionReason])).toEqual([
        [first.submission.id, "ACCEPTED", null],
        [second.submission.id, "ACCEPTED", null],
        [rejected.submission.id, "REJECTED", "MISSING_REQUIRED_HASHTAGS"],
      ]);
      expect(body.participation.contentSubmissionList[0].postedAtTimestamp).toBe("2024-01-01T12:00:00.000Z");
      expect(body.submission_tracking_summary).toEqual({ submission_limit: 1, accepted_submission_count: 2, tracked_submission_count: 1 });
      expect(body.submission_tracking_list).toEqual([
        { submission_id: first.submission.id, is_tracked: true, tracking_reason: "WITHIN_SUBMISSION_LIMIT" },
        { submission_id: second.submission.id, is_tracked: false, tracking_reason: "OVER_SUBMISSION_LIMIT" },
        { submission_id: rejected.submission.id, is_tracked: false, tracking_reason: "NOT_ACCEPTED" },
      ]);
    }
  });

  it("answers a participation without submissions with empty lists", async () => {
    const { influencer, participationId } = await world();
    const response = await get(`/participations/${participationId}`, influencer.token);
    expectShape(response.body, PARTICIPATION_DETAILS);
    expect(response.body.participation.contentSubmissionList).toEqual([]);
    expect(response.body.submission_tracking_list).toEqual([]);
    expect(response.body.participation.participationStatus).toBe("PARTICIPATION_STATUS_PENDING");
  });

  it("is 401 without a token or with a bad one, 400 for a malformed id, 404 for strangers and unknown ids", async () => {
    const { participationId, strangerBrand, strangerInfluencer, influencer } = await world();
    const route = "GET /participations/{participationId}";
    expectRouteError(route, await get(`/participations/${participationId}`), 401, "UNAUTHORIZED");
    expectRouteError(route, await get(`/participations/${participationId}`, "not-a-jwt"), 401, "UNAUTHORIZED");
    expectRouteError(route, await get(`/participations/xyz`, influencer.token), 400, "VALIDATION_ERROR", "participationId");
    for (const stranger of [strangerBrand, strangerInfluencer]) {
      expectRouteError(route, await get(`/participations/${participationId}`, stranger.token), 404, "NOT_FOUND");
    }
    expectRouteError(route, await get(`/participations/${MISSING_PARTICIPATION}`, influencer.token), 404, "NOT_FOUND");
  });
});

describe("POST /participations/{participationId}/submissions", () => {
  const route = "POST /participations/{participationId}/submissions";
  const path = (id: string) => `/participations/${id}/submissions`;
  const seedBody = () => ({
    content_url: instagramUrl(),
    platform: "INSTAGRAM",
    posted_at_timestamp: "2024-01-01T12:00:00Z",
    declared_hashtags: ["#summer", "#productlaunch"],
    declared_mentions: ["@brand"],
  });

  it("answers 201 with the documented shape: PENDING, then CONTENT_SUBMITTED", async () => {
    const { influencer, participationId } = await world();
    const body = seedBody();
    const response = await post(path(participationId), influencer.token, body);
    expect(response.status).toBe(201);
    expectShape(response.body, SUBMIT_RESPONSE);
    expectDocumented("POST /participations/{participationId}/submissions", response);
    expect(response.body.submission).toMatchObject({
      participation_id: participationId,
      content_url: body.content_url,
      platform: "INSTAGRAM",
      submission_status: "PENDING",
      rejection_reason: null,
    });
    expect(response.body.participation).toEqual({ participation_id: participationId, participation_status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED" });
  });

  it("stores a submission that breaks a rule as REJECTED with its reason (still 201)", async () => {
    const { influencer, participationId } = await world();
    const response = await post(path(participationId), influencer.token, { ...seedBody(), declared_hashtags: ["#winter"] });
    expect(response.status).toBe(201);
    expectShape(response.body, SUBMIT_RESPONSE);
    expect(response.body.submission).toMatchObject({ submission_status: "REJECTED", rejection_reason: "MISSING_REQUIRED_HASHTAGS" });
    expect(response.body.participation.participation_status).toBe("PARTICIPATION_STATUS_PENDING");
  });

  it("takes the optional declared_content_type, and infers it when absent", async () => {
    const { brand, influencer } = await world();
    const campaignId = await createActiveCampaign(server, brand, { allowedContentTypes: ["REEL"] });
    const participationId = await join(server, influencer, campaignId);
    const declared = await post(path(participationId), influencer.token, { ...seedBody(), declared_content_type: "REEL" });
    expect(declared.body.submission.submission_status).toBe("PENDING");
    const inferred = await post(path(participationId), influencer.token, seedBody());
    expect(inferred.body.submission).toMatchObject({ submission_status: "REJECTED", rejection_reason: "CONTENT_TYPE_NOT_ALLOWED" });
  });

  it("takes posted_at_timestamp with any RFC 3339 offset and answers it in UTC", async () => {
    const { influencer, participationId } = await world();
    const response = await post(path(participationId), influencer.token, { ...seedBody(), posted_at_timestamp: "2024-01-01T14:00:00+02:00" });
    expect(response.status).toBe(201);
    const details = await get(`/participations/${participationId}`, influencer.token);
    expect(details.body.participation.contentSubmissionList[0].postedAtTimestamp).toBe("2024-01-01T12:00:00.000Z");
  });

  it("is 401, 403 for the campaign owner, 404 for strangers, 409 for a post submitted twice, 400 for bad fields", async () => {
    const { brand, influencer, participationId, strangerInfluencer, strangerBrand } = await world();
    expectRouteError(route, await post(path(participationId), undefined, seedBody()), 401, "UNAUTHORIZED");
    expectRouteError(route, await post(path(participationId), brand.token, seedBody()), 403, "PERMISSION_DENIED");
    for (const stranger of [strangerInfluencer, strangerBrand]) {
      expectRouteError(route, await post(path(participationId), stranger.token, seedBody()), 404, "NOT_FOUND");
    }
    const body = seedBody();
    expect((await post(path(participationId), influencer.token, body)).status).toBe(201);
    expectRouteError(route, await post(path(participationId), influencer.token, body), 409, "CONFLICT");
    // A URL of another platform is caught by the GraphQL rule; its field is named as the client sent it.
    const wrongPlatform = await post(path(participationId), influencer.token, { ...seedBody(), content_url: "https://www.tiktok.com/@someone/video/123" });
    expectRouteError(route, wrongPlatform, 400, "VALIDATION_ERROR", "content_url");
    expect(wrongPlatform.body.details.fields.content_url).toMatch(/TIKTOK/);
    const future = await post(path(participationId), influencer.token, { ...seedBody(), posted_at_timestamp: "2999-01-01T00:00:00Z" });
    expectRouteError(route, future, 400, "VALIDATION_ERROR", "posted_at_timestamp");
    expectRouteError(route, await call(server, "POST", path(participationId), { token: influencer.token, body: "x", headers: { "content-type": "text/plain" } }), 415, "VALIDATION_ERROR");
    const huge = JSON.stringify({ ...seedBody(), padding: "x".repeat(2 * 1024 * 1024) });
    expectRouteError(route, await call(server, "POST", path(participationId), { token: influencer.token, body: huge, headers: { "content-type": "application/json" } }), 413, "VALIDATION_ERROR");
  });

  it("is 409 once the participation is final", async () => {
    const { influencer, participationId } = await world();
    await ok(server, `mutation($id: ID!) { leaveParticipation(id: $id) { participation { id } } }`, { id: participationId }, influencer.token);
    expectRouteError(route, await post(path(participationId), influencer.token, seedBody()), 409, "CONFLICT");
  });
});

describe("POST /submissions/{submissionId}/review", () => {
  const route = "POST /submissions/{submissionId}/review";
  const path = (id: string) => `/submissions/${id}/review`;

  it("APPROVE answers the documented flat shape and moves the participation to APPROVED", async () => {
    const { brand, influencer, participationId } = await world();
    const { submission } = await submit(server, influencer, participationId, { declaredHashtags: ["#summer"] });
    const response = await post(path(submission.id), brand.token, { action: "APPROVE" });
    expect(response.status).toBe(200);
    expectShape(response.body, REVIEW_RESPONSE);
    expectDocumented("POST /submissions/{submissionId}/review", response);
    expect(response.body).toEqual({
      submission_id: submission.id,
      participation_id: participationId,
      submission_status: "ACCEPTED",
      rejection_reason: null,
      participation_status: "PARTICIPATION_STATUS_APPROVED",
    });
    // The same review again answers the same result.
    expect((await post(path(submission.id), brand.token, { action: "APPROVE" })).body).toEqual(response.body);
  });

  it("REJECT sets rejection_reason REJECTED_BY_REVIEWER", async () => {
    const { brand, influencer, participationId } = await world();
    const { submission } = await submit(server, influencer, participationId, { declaredHashtags: ["#summer"] });
    const response = await post(path(submission.id), brand.token, { action: "REJECT", reason: "Off brief" });
    expect(response.status).toBe(200);
    expectShape(response.body, REVIEW_RESPONSE);
    expect(response.body).toMatchObject({ submission_status: "REJECTED", rejection_reason: "REJECTED_BY_REVIEWER", participation_status: "PARTICIPATION_STATUS_PENDING" });
  });

  it("is 401, 403 for the influencer, 404 for strangers and unknown ids, 409 for a second opposite review, 400 for an unknown action", async () => {
    const { brand, influencer, participationId, strangerBrand, strangerInfluencer } = await world();
    const { submission } = await submit(server, influencer, participationId, { declaredHashtags: ["#summer"] });
    expectRouteError(route, await post(path(submission.id), undefined, { action: "APPROVE" }), 401, "UNAUTHORIZED");
    expectRouteError(route, await post(path(submission.id), influencer.token, { action: "APPROVE" }), 403, "PERMISSION_DENIED");
    for (const stranger of [strangerBrand, strangerInfluencer]) {
      expectRouteError(route, await post(path(submission.id), stranger.token, { action: "APPROVE" }), 404, "NOT_FOUND");
    }
    expectRouteError(route, await post(path(MISSING_SUBMISSION), brand.token, { action: "APPROVE" }), 404, "NOT_FOUND");
    expectRouteError(route, await post(path(submission.id), brand.token, { action: "MAYBE" }), 400, "VALIDATION_ERROR", "action");
    expectRouteError(route, await call(server, "POST", path(submission.id), { token: brand.token, body: "action=APPROVE", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "VALIDATION_ERROR");
    const huge = JSON.stringify({ action: "REJECT", reason: "x".repeat(2 * 1024 * 1024) });
    expectRouteError(route, await call(server, "POST", path(submission.id), { token: brand.token, body: huge, headers: { "content-type": "application/json" } }), 413, "VALIDATION_ERROR");
    expect((await post(path(submission.id), brand.token, { action: "REJECT" })).status).toBe(200);
    expectRouteError(route, await post(path(submission.id), brand.token, { action: "APPROVE" }), 409, "CONFLICT");
  });
});

describe("POST /participations/{participationId}/approve and /complete", () => {
  it("approve then complete answer the documented participation shape", async () => {
    const { brand, influencer, participationId } = await world();
    const { submission } = await submit(server, influencer, participationId, { declaredHashtags: ["#summer"] });

    const approved = await post(`/participations/${participationId}/approve`, brand.token);
    expect(approved.status).toBe(200);
    expectShape(approved.body, { participation: PARTICIPATION });
    expectDocumented("POST /participations/{participationId}/approve", approved);
    expect(approved.body.participation.participationStatus).toBe("PARTICIPATION_STATUS_APPROVED");
    expect(approved.body.participation.contentSubmissionList).toEqual([
      expect.objectContaining({ submissionId: submission.id, submissionStatus: "ACCEPTED" }),
    ]);

    // An empty JSON body is no body: clients that always send a Content-Type are fine.
    const completed = await call(server, "POST", `/participations/${participationId}/complete`, {
      token: brand.token,
      headers: { "content-type": "application/json" },
    });
    expect(completed.status).toBe(200);
    expectShape(completed.body, { participation: PARTICIPATION });
    expectDocumented("POST /participations/{participationId}/complete", completed);
    expect(completed.body.participation.participationStatus).toBe("PARTICIPATION_STATUS_COMPLETED");
  });

  for (const verb of ["approve", "complete"]) {
    it(`${verb}: 401, 403 for the influencer, 404 for strangers, 409 out of order, 400 for a malformed id`, async () => {
      const { brand, influencer, participationId, strangerBrand, strangerInfluencer } = await world();
      const path = `/participations/${participationId}/${verb}`;
      const route = `POST /participations/{participationId}/${verb}`;
      expectRouteError(route, await post(path), 401, "UNAUTHORIZED");
      expectRouteError(route, await post(path, influencer.token), 403, "PERMISSION_DENIED");
      for (const stranger of [strangerBrand, strangerInfluencer]) expectRouteError(route, await post(path, stranger.token), 404, "NOT_FOUND");
      // Nothing submitted yet: neither approving nor completing is possible.
      expectRouteError(route, await post(path, brand.token), 409, "CONFLICT");
      expectRouteError(route, await post(`/participations/participation-1/${verb}`, brand.token), 400, "VALIDATION_ERROR", "participationId");
      expectRouteError(route, await call(server, "POST", path, { token: brand.token, body: "go", headers: { "content-type": "text/plain" } }), 415, "VALIDATION_ERROR");
      const huge = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });
      expectRouteError(route, await call(server, "POST", path, { token: brand.token, body: huge, headers: { "content-type": "application/json" } }), 413, "VALIDATION_ERROR");
    });
  }
});

describe("health probes", () => {
  it("/health and /health/ready answer their documented bodies", async () => {
    const live = await get("/health");
    expect(live.status).toBe(200);
    expectShape(live.body, { status: "string" });
    expectDocumented("GET /health", live);
    const ready = await get("/health/ready");
    expect(ready.status).toBe(200);
    expectShape(ready.body, { status: "string", database: "string" });
    expectDocumented("GET /health/ready", ready);
  });

  it("/health/ready is 503 in the error shape when the database does not answer", async () => {
    const ping = vi.spyOn(server.server.app.database, "ping").mockRejectedValue(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    try {
      const response = await get("/health/ready");
      expectRouteError("GET /health/ready", response, 503, "SERVICE_UNAVAILABLE");
      expect((await get("/health")).status).toBe(200);
    } finally {
      ping.mockRestore();
    }
  });
});

describe("the router", () => {
  it("answers every error with requestId equal to the X-Request-ID header, echoing the caller's", async () => {
    const response = await call(server, "GET", `/participations/${MISSING_PARTICIPATION}`, { headers: { "x-request-id": "trace-rest-1" } });
    expectError(response, 401, "UNAUTHORIZED");
    expect(response.body.requestId).toBe("trace-rest-1");
  });

  it("answers an unknown path 404 and a known path with the wrong method 405 with Allow, in the error shape", async () => {
    expectError(await get("/participations"), 404, "NOT_FOUND");
    expectError(await get("/participations/x/unknown"), 404, "NOT_FOUND");
    const cases: [string, string, string][] = [
      ["DELETE", `/participations/${MISSING_PARTICIPATION}`, "GET, HEAD, OPTIONS"],
      ["PUT", `/participations/${MISSING_PARTICIPATION}`, "GET, HEAD, OPTIONS"],
      ["GET", `/participations/${MISSING_PARTICIPATION}/submissions`, "POST, OPTIONS"],
      ["PATCH", `/submissions/${MISSING_SUBMISSION}/review`, "POST, OPTIONS"],
      ["GET", `/participations/${MISSING_PARTICIPATION}/approve`, "POST, OPTIONS"],
      ["DELETE", `/participations/${MISSING_PARTICIPATION}/complete`, "POST, OPTIONS"],
      ["POST", "/health", "GET, HEAD, OPTIONS"],
      ["POST", "/health/ready", "GET, HEAD, OPTIONS"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await call(server, method, path);
      expectError(response, 405, "VALIDATION_ERROR");
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
    }
    const options = await call(server, "OPTIONS", `/participations/${MISSING_PARTICIPATION}/approve`);
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("accepts application/x-www-form-urlencoded, with key[] nesting, on a path whose entry allows it", async () => {
    // The Varmply paths document JSON only; later (legacy) paths document form fields. Serve a copy of the
    // submit entry that allows both, through the same router, to show the form path end to end.
    const { influencer, participationId } = await world();
    const scratch = Fastify();
    await registerRestCompat(scratch, {
      app: server.server.app,
      apollo: server.server.apollo,
      tables: [{ dialect: varmply, routes: [{ ...submitContent, request: { ...submitContent.request, bodyTypes: ["json", "form"] } }] }],
    });
    const url = instagramUrl();
    const form = new URLSearchParams({ content_url: url, platform: "INSTAGRAM", "declared_hashtags[]": "#summer" });
    form.append("declared_mentions[0]", "@brand");
    const response = await scratch.inject({
      method: "POST",
      url: `/participations/${participationId}/submissions`,
      headers: { authorization: `Bearer ${influencer.token}`, "content-type": "application/x-www-form-urlencoded" },
      payload: form.toString(),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().submission).toMatchObject({ content_url: url, submission_status: "PENDING" });
    const stored = await ok(server, `query($id: ID!) { participation(id: $id) { submissions(first: 5) { edges { node { declaredHashtags declaredMentions } } } } }`, { id: participationId }, influencer.token);
    expect(stored.participation.submissions.edges[0].node).toEqual({ declaredHashtags: ["#summer"], declaredMentions: ["@brand"] });
    await scratch.close();
  });

  it("shows a brand only the participations of its own campaigns", async () => {
    // The same influencer in another brand's campaign: that participation stays invisible to the first brand.
    const { brand, influencer } = await world();
    const otherBrand = await signUp(server, "BRAND");
    const otherCampaign = await createActiveCampaign(server, otherBrand);
    await connectAccount(server, influencer, "TIKTOK");
    const otherParticipation = await join(server, influencer, otherCampaign);
    expectError(await get(`/participations/${otherParticipation}`, brand.token), 404, "NOT_FOUND");
    expect((await get(`/participations/${otherParticipation}`, otherBrand.token)).status).toBe(200);
  });
});

describe("coverage of the contract", () => {
  // Runs last (vitest keeps file order): every status the table documents for the paths this file covers
  // (the participations seed and the health probes; other seeds' paths have their own contract files).
  it("saw every documented success and error status of every path", () => {
    const paths = new Set([...healthRoutes, ...participationRoutes].map((route) => `${route.method} ${route.path}`));
    const documented = servedRoutes().filter((route) => paths.has(`${route.method} ${route.path}`)).flatMap((route) =>
      [route.success.status, ...Object.keys(route.errors)].map((status) => `${route.method} ${route.path} ${status}`),
    );
    expect(documented.filter((entry) => !seen.has(entry))).toEqual([]);
  });
});
