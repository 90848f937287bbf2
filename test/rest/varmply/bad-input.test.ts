// Bad input on every path: a missing body, wrong types, unknown values, malformed ids, a 10 MB body and
// wrong content types are answered 400/413/415 in the error shape, never 500, and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call, expectError, type CallOptions } from "../../support/rest.js";
import { joinedParticipation, ok, submit, type Actor } from "../../support/factories.js";

let server: TestServer;
let brand: Actor;
let influencer: Actor;
let participationId: string;
let submissionId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ brand, influencer, participationId } = await joinedParticipation(server));
  ({ submission: { id: submissionId } } = await submit(server, influencer, participationId));
});
afterAll(() => server?.close());

/** Everything a bad request could have touched, read through GraphQL as the campaign owner. */
async function state() {
  const data = await ok(
    server,
    `query($id: ID!) { participation(id: $id) { status updatedAt submissions(first: 100) { totalCount edges { node { id status rejectionReason updatedAt } } } } }`,
    { id: participationId },
    brand.token,
  );
  return data.participation;
}

const TEN_MB = 10 * 1024 * 1024;
const hugeJson = () => JSON.stringify({ content_url: "https://instagram.com/p/abc", platform: "INSTAGRAM", padding: "x".repeat(TEN_MB) });
const json = (body: string) => ({ body, headers: { "content-type": "application/json" } });

type Case = [name: string, method: string, path: () => string, options: () => CallOptions, status: 400 | 413 | 414 | 415, field?: string];

const submissions = () => `/participations/${participationId}/submissions`;
const reviewPath = () => `/submissions/${submissionId}/review`;
const valid = () => ({ content_url: "https://instagram.com/p/valid123", platform: "INSTAGRAM" });
const asInfluencer = (options: CallOptions = {}) => () => ({ token: influencer.token, ...options });
const asBrand = (options: CallOptions = {}) => () => ({ token: brand.token, ...options });

const CASES: Case[] = [
  // GET /participations/{participationId}
  ["GET: a malformed id", "GET", () => "/participations/xyz", asInfluencer(), 400, "participationId"],
  ["GET: an id of another type", "GET", () => `/participations/${submissionId}`, asInfluencer(), 400, "participationId"],
  ["GET: an id over 64 characters", "GET", () => `/participations/participation_${"a".repeat(65)}`, asInfluencer(), 400, "participationId"],
  ["GET: an id with odd characters", "GET", () => "/participations/participation_%00%27%22", asInfluencer(), 400, "participationId"],

  // POST /participations/{participationId}/submissions
  ["submit: no body at all", "POST", submissions, asInfluencer(), 400, "body"],
  ["submit: an empty JSON body", "POST", submissions, asInfluencer(json("")), 400, "body"],
  ["submit: JSON null", "POST", submissions, asInfluencer(json("null")), 400, "body"],
  ["submit: a JSON array", "POST", submissions, asInfluencer({ body: [valid()] }), 400, "body"],
  ["submit: an empty object", "POST", submissions, asInfluencer({ body: {} }), 400, "content_url"],
  ["submit: no platform", "POST", submissions, asInfluencer({ body: { content_url: valid().content_url } }), 400, "platform"],
  ["submit: a number for content_url", "POST", submissions, asInfluencer({ body: { ...valid(), content_url: 5 } }), 400, "content_url"],
  ["submit: content_url not a URL", "POST", submissions, asInfluencer({ body: { ...valid(), content_url: "not a url" } }), 400, "content_url"],
  ["submit: content_url of no platform", "POST", submissions, asInfluencer({ body: { ...valid(), content_url: "https://example.com/p/1" } }), 400, "content_url"],
  ["submit: an unknown platform", "POST", submissions, asInfluencer({ body: { ...valid(), platform: "MYSPACE" } }), 400, "platform"],
  ["submit: a lowercase platform", "POST", submissions, asInfluencer({ body: { ...valid(), platform: "instagram" } }), 400, "platform"],
  ["submit: a string for declared_hashtags", "POST", submissions, asInfluencer({ body: { ...valid(), declared_hashtags: "#summer" } }), 400, "declared_hashtags"],
  ["submit: numbers in declared_mentions", "POST", submissions, asInfluencer({ body: { ...valid(), declared_mentions: [1, 2] } }), 400, "declared_mentions[0]"],
  ["submit: a malformed hashtag", "POST", submissions, asInfluencer({ body: { ...valid(), declared_hashtags: ["#two words"] } }), 400, "declared_hashtags"],
  ["submit: too many hashtags", "POST", submissions, asInfluencer({ body: { ...valid(), declared_hashtags: Array.from({ length: 51 }, (_, i) => `#t${i}`) } }), 400, "declared_hashtags"],
  ["submit: a date that is not ISO 8601", "POST", submissions, asInfluencer({ body: { ...valid(), posted_at_timestamp: "yesterday" } }), 400, "posted_at_timestamp"],
  ["submit: an unknown content type", "POST", submissions, asInfluencer({ body: { ...valid(), declared_content_type: "GIF" } }), 400, "declared_content_type"],
  ["submit: malformed JSON", "POST", submissions, asInfluencer(json('{"content_url": ')), 400],
  ["submit: a prototype-poisoning body", "POST", submissions, asInfluencer(json(`{"__proto__": {"admin": true}, "content_url": "https://instagram.com/p/x1", "platform": "INSTAGRAM"}`)), 400],
  ["submit: a malformed participation id", "POST", () => "/participations/nope/submissions", asInfluencer({ body: valid() }), 400, "participationId"],
  ["submit: a 10 MB body", "POST", submissions, asInfluencer(json(hugeJson())), 413],
  ["submit: text/plain", "POST", submissions, asInfluencer({ body: JSON.stringify(valid()), headers: { "content-type": "text/plain" } }), 415],
  ["submit: XML", "POST", submissions, asInfluencer({ body: "<submission/>", headers: { "content-type": "application/xml" } }), 415],
  ["submit: form fields (the seed documents JSON)", "POST", submissions, asInfluencer({ body: "content_url=https%3A%2F%2Finstagram.com%2Fp%2Fx&platform=INSTAGRAM", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415],
  ["submit: multipart", "POST", submissions, asInfluencer({ body: "--b\r\n\r\n--b--", headers: { "content-type": "multipart/form-data; boundary=b" } }), 415],

  // POST /submissions/{submissionId}/review
  ["review: no body", "POST", reviewPath, asBrand(), 400, "body"],
  ["review: no action", "POST", reviewPath, asBrand({ body: {} }), 400, "action"],
  ["review: an unknown action", "POST", reviewPath, asBrand({ body: { action: "MAYBE" } }), 400, "action"],
  ["review: a lowercase action", "POST", reviewPath, asBrand({ body: { action: "approve" } }), 400, "action"],
  ["review: a number for action", "POST", reviewPath, asBrand({ body: { action: 1 } }), 400, "action"],
  ["review: a number for reason", "POST", reviewPath, asBrand({ body: { action: "REJECT", reason: 5 } }), 400, "reason"],
  ["review: an over-long reason", "POST", reviewPath, asBrand({ body: { action: "REJECT", reason: "x".repeat(2001) } }), 400, "reason"],
  ["review: a malformed submission id", "POST", () => "/submissions/xyz/review", asBrand({ body: { action: "APPROVE" } }), 400, "submissionId"],
  ["review: a participation id as submission id", "POST", () => `/submissions/${participationId}/review`, asBrand({ body: { action: "APPROVE" } }), 400, "submissionId"],
  ["review: malformed JSON", "POST", reviewPath, asBrand(json("{action:APPROVE}")), 400],
  ["review: a 10 MB body", "POST", reviewPath, asBrand(json(JSON.stringify({ action: "APPROVE", reason: "x".repeat(TEN_MB) }))), 413],
  ["review: text/plain", "POST", reviewPath, asBrand({ body: "APPROVE", headers: { "content-type": "text/plain" } }), 415],
  ["review: form fields", "POST", reviewPath, asBrand({ body: "action=APPROVE", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415],

  // POST /participations/{participationId}/approve and /complete (no body of their own)
  ...(["approve", "complete"] as const).flatMap((verb): Case[] => [
    [`${verb}: a malformed id`, "POST", () => `/participations/xyz/${verb}`, asBrand(), 400, "participationId"],
    [`${verb}: an id of another type`, "POST", () => `/participations/${submissionId}/${verb}`, asBrand(), 400, "participationId"],
    [`${verb}: malformed JSON`, "POST", () => `/participations/${participationId}/${verb}`, asBrand(json("{")), 400],
    [`${verb}: a 10 MB body`, "POST", () => `/participations/${participationId}/${verb}`, asBrand(json(hugeJson())), 413],
    [`${verb}: text/plain`, "POST", () => `/participations/${participationId}/${verb}`, asBrand({ body: "please", headers: { "content-type": "text/plain" } }), 415],
  ]),
];

describe("bad input", () => {
  it("is 400/413/415 in the error shape, never 500, and changes nothing", async () => {
    const before = await state();
    for (const [name, method, path, options, status, field] of CASES) {
      const response = await call(server, method, path(), options());
      expect(response.status, `${name}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(status);
      expectError(response, status, "VALIDATION_ERROR");
      if (field) expect(Object.keys(response.body.details?.fields ?? {}), `${name}: ${JSON.stringify(response.body)}`).toContain(field);
    }
    expect(await state()).toEqual(before);
    // And the server still serves.
    expect((await call(server, "GET", `/participations/${participationId}`, { token: influencer.token })).status).toBe(200);
  });

  it("answers URLs the router itself refuses in the error shape too, with a request id", async () => {
    // A path parameter over Fastify's maxParamLength (100) is 414; a broken %-escape is 400. Both are
    // refused before any route runs, so src/server.ts's frameworkErrors gives them the error shape.
    const before = await state();
    const tooLong = await call(server, "GET", `/participations/participation_${"a".repeat(500)}`, { token: influencer.token });
    expectError(tooLong, 414, "VALIDATION_ERROR");
    expect(tooLong.headers.get("x-request-id")).toMatch(/.+/);
    const tooLongPost = await call(server, "POST", `/submissions/submission_${"a".repeat(500)}/review`, { token: brand.token, body: { action: "APPROVE" } });
    expectError(tooLongPost, 414, "VALIDATION_ERROR");
    expectError(await call(server, "GET", "/participations/%E0%A4%A", { token: influencer.token }), 400, "VALIDATION_ERROR");
    expect(await state()).toEqual(before);
  });

  it("checks the token before the input: an anonymous bad request is 401", async () => {
    for (const [, method, path, options] of CASES.filter(([, , , , status]) => status === 400)) {
      const { token: _ignored, ...anonymous } = options();
      const response = await call(server, method, path(), anonymous);
      expectError(response, 401, "UNAUTHORIZED");
    }
  });

  it("does not let a polluted body reach anything: Object.prototype stays clean", async () => {
    await call(server, "POST", submissions(), { token: influencer.token, ...json(`{"constructor": {"prototype": {"polluted": true}}}`) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
