// Hostile and malformed requests to /graphql: every one is answered with an error code from the vocabulary
// (README, "Errors"), never a 500, and a rejected mutation writes nothing.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { SUBMIT, createCampaign, instagramUrl, joinedParticipation, ok, signUp, type Actor } from "../support/factories.js";

const CODES = ["VALIDATION_ERROR", "UNAUTHORIZED", "PERMISSION_DENIED", "NOT_FOUND", "CONFLICT", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"];

let server: TestServer;
let brand: Actor;
beforeAll(async () => {
  server = await startTestServer();
  brand = await signUp(server, "BRAND");
});
afterAll(() => server?.close());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; details?: any } }[] };
}

/** Any request to /graphql; the body must be JSON with at least one error. */
async function raw(init: RequestInit & { path?: string }): Promise<Answer> {
  const response = await server.http(init.path ?? "/graphql", init);
  const text = await response.text();
  let body: Answer["body"];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON body, got ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body };
}

const post = (body: string, headers: Record<string, string> = {}, token = brand?.token) =>
  raw({
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });

const query = (document: string, variables?: Record<string, unknown>, token = brand?.token) =>
  post(JSON.stringify({ query: document, ...(variables ? { variables } : {}) }), {}, token);

/** Every error carries a code from the vocabulary, and the status is not 500; returns the first error. */
function expectError(answer: Answer, code: string, status?: number) {
  expect(answer.status).not.toBe(500);
  if (status !== undefined) expect(answer.status).toBe(status);
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  for (const error of answer.body.errors!) {
    expect(CODES).toContain(error.extensions?.code);
    expect(typeof error.message).toBe("string");
  }
  expect(answer.body.errors![0]!.extensions!.code).toBe(code);
  return answer.body.errors![0]!;
}

describe("HTTP-level malformed requests", () => {
  it("malformed JSON is a 400 VALIDATION_ERROR, not a 500", async () => {
    for (const body of ["{bad json", '{"query": "{ viewer { id } }"', "", "null", '"just a string"', "42"]) {
      const answer = await post(body);
      const error = expectError(answer, "VALIDATION_ERROR", 400);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it("a body that is not a GraphQL request object is a 400 VALIDATION_ERROR", async () => {
    for (const body of ["{}", JSON.stringify({ query: 42 }), JSON.stringify({ query: "{ viewer { id } }", variables: "{}" }), JSON.stringify({ variables: {} })]) {
      expectError(await post(body), "VALIDATION_ERROR", 400);
    }
  });

  it("an unsupported content type is refused with a 4xx VALIDATION_ERROR", async () => {
    const answer = await post("<query/>", { "content-type": "application/xml" });
    expectError(answer, "VALIDATION_ERROR");
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it("a body over the body limit is 413", async () => {
    const limit = server.server.app.config.bodyLimitBytes;
    const answer = await post(JSON.stringify({ query: "{ viewer { id } }", variables: { padding: "x".repeat(limit + 1) } }));
    expectError(answer, "VALIDATION_ERROR", 413);
  });

  it("a document over GRAPHQL_MAX_TOKENS tokens is refused before parsing completes", async () => {
    const maxTokens = server.server.app.config.graphqlMaxTokens;
    // One token per list value, plus about 20 around them.
    const withValues = (n: number) => `{ campaigns(first: 1, filter: { statuses: [${" CAMPAIGN_ACTIVE".repeat(n)}] }) { totalCount } }`;
    const document = withValues(maxTokens);
    expect(document.length).toBeLessThan(server.server.app.config.bodyLimitBytes);
    const error = expectError(await query(document), "VALIDATION_ERROR", 400);
    expect(error.message).toMatch(/tokens/);
    expect(error.extensions!.details.reason).toBe("GRAPHQL_PARSE_FAILED");
    // Just under the limit is fine.
    const small = await query(withValues(maxTokens - 50));
    expect(small.body.errors).toBeUndefined();
    expect(small.status).toBe(200);
  });

  it("thousands of repeated fields are refused by validation, not run", async () => {
    const answer = await query(`{ ${"__typename ".repeat(4000)}}`);
    expectError(answer, "VALIDATION_ERROR", 400);
    expect(answer.body.data).toBeUndefined();
  });

  it("batched requests (a JSON array body) are refused", async () => {
    const batch = JSON.stringify([{ query: "{ viewer { id } }" }, { query: "{ viewer { id } }" }]);
    const answer = await post(batch);
    expectError(answer, "VALIDATION_ERROR", 400);
    expect(answer.body.data).toBeUndefined();
    expectError(await post(JSON.stringify([{ query: "{ viewer { id } }" }])), "VALIDATION_ERROR", 400);
  });

  it("CSRF prevention: a simple GET or form POST without a preflight header is refused", async () => {
    const path = `/graphql?query=${encodeURIComponent("{ __typename }")}`;
    expectError(await raw({ method: "GET", path }), "VALIDATION_ERROR", 400);
    expectError(await raw({ method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ __typename }" }) }), "VALIDATION_ERROR", 400);
    expectError(
      await raw({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "query=%7B__typename%7D" }),
      "VALIDATION_ERROR",
      400,
    );
    // With the preflight header a GET query runs; a GET mutation never does.
    const allowed = await raw({ method: "GET", path, headers: { "apollo-require-preflight": "true" } });
    expect(allowed).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
    const mutation = await raw({
      method: "GET",
      path: `/graphql?query=${encodeURIComponent("mutation { signOut { success } }")}`,
      headers: { "apollo-require-preflight": "true", authorization: `Bearer ${brand.token}` },
    });
    expectError(mutation, "VALIDATION_ERROR", 405);
  });

  it("a bad or malformed bearer token is 401 UNAUTHORIZED", async () => {
    expectError(await query("{ viewer { id } }", undefined, "not.a.jwt"), "UNAUTHORIZED", 401);
    expectError(await post(JSON.stringify({ query: "{ viewer { id } }" }), { authorization: "Basic dXNlcjpwYXNz" }, ""), "UNAUTHORIZED", 401);
    const anonymous = await query("{ viewer { id } }", undefined, "");
    expectError(anonymous, "UNAUTHORIZED");
  });
});

describe("documents and variables that do not validate", () => {
  it("syntax errors and unknown fields are 400 VALIDATION_ERROR", async () => {
    expectError(await query("{ viewer { id "), "VALIDATION_ERROR", 400);
    expectError(await query("{ viewer { passwordHash } }"), "VALIDATION_ERROR", 400);
    expectError(await query("query A { viewer { id } } query B { viewer { id } }"), "VALIDATION_ERROR", 400);
    expectError(await post(JSON.stringify({ query: "query A { viewer { id } }", operationName: "Nope" })), "VALIDATION_ERROR", 400);
  });

  it("operations the API does not serve are 400 VALIDATION_ERROR, not masked internal errors", async () => {
    expectError(await query("subscription { campaignUpdated { id } }"), "VALIDATION_ERROR", 400);
    // A persisted query whose hash does not match its text, and one the server does not know.
    const mismatch = { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } };
    const answer = expectError(await post(JSON.stringify(mismatch)), "VALIDATION_ERROR", 400);
    expect(answer.message).not.toBe("Internal server error");
    const unknown = await post(JSON.stringify({ extensions: mismatch.extensions }));
    expectError(unknown, "VALIDATION_ERROR");
  });

  it("wrong variable types are 400 VALIDATION_ERROR naming the field", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["query($first: Int) { campaigns(first: $first) { totalCount } }", { first: "ten" }, "first"],
      ["query($first: Int) { campaigns(first: $first) { totalCount } }", { first: 2 ** 31 }, "first"],
      ["query($first: Int) { campaigns(first: $first) { totalCount } }", { first: 1.5 }, "first"],
      ["query($id: ID!) { campaign(id: $id) { id } }", { id: { nested: true } }, "id"],
      ["mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: { title: "t", currency: "USD", targetBudgetCents: 2 ** 53 } }, "input.targetBudgetCents"],
      ["mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: { title: "t", currency: "USD", startDate: "next tuesday" } }, "input.startDate"],
      ["mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: { title: "t", currency: "dollars" } }, "input.currency"],
      ["mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: { title: ["t"], currency: "USD" } }, "input.title"],
    ];
    for (const [document, variables, field] of cases) {
      const error = expectError(await query(document, variables), "VALIDATION_ERROR", 400);
      expect(error.extensions!.details.fields).toHaveProperty([field]);
    }
  });

  it("unknown enum values are 400 VALIDATION_ERROR, inline and in variables", async () => {
    expectError(await query("{ campaigns(filter: { platform: MYSPACE }) { totalCount } }"), "VALIDATION_ERROR", 400);
    expectError(await query(`{ campaigns(filter: { platform: "INSTAGRAM" }) { totalCount } }`), "VALIDATION_ERROR", 400);
    const id = await createCampaign(server, brand);
    expectError(
      await query(`mutation { setCampaignStatus(id: "${id}", status: CAMPAIGN_ARCHIVED) { campaign { id } } }`),
      "VALIDATION_ERROR",
      400,
    );
    const inVariables = expectError(
      await query("query($filter: CampaignFilter) { campaigns(filter: $filter) { totalCount } }", { filter: { platform: "MYSPACE" } }),
      "VALIDATION_ERROR",
      400,
    );
    expect(inVariables.extensions!.details.fields).toHaveProperty(["filter.platform"]);
    expectError(
      await query("mutation($id: ID!, $status: CampaignStatus!) { setCampaignStatus(id: $id, status: $status) { campaign { id } } }", { id, status: "campaign_active" }),
      "VALIDATION_ERROR",
      400,
    );
    const status = await ok(server, `query($id: ID!) { campaign(id: $id) { status } }`, { id }, brand.token);
    expect(status.campaign.status).toBe("CAMPAIGN_DRAFT");
  });

  it("missing required input fields are 400 VALIDATION_ERROR, inline and in variables", async () => {
    expectError(await query(`mutation { createCampaign(input: { currency: "USD" }) { campaign { id } } }`), "VALIDATION_ERROR", 400);
    expectError(await query("mutation { createCampaign { campaign { id } } }"), "VALIDATION_ERROR", 400);
    const missing = expectError(
      await query("mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: { currency: "USD" } }),
      "VALIDATION_ERROR",
      400,
    );
    expect(missing.message).toMatch(/title/);
    expectError(await query("mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }"), "VALIDATION_ERROR", 400);
    expectError(
      await query("mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }", { input: null }),
      "VALIDATION_ERROR",
      400,
    );
  });
});

describe("abuse limits", () => {
  it("a query nested deeper than the depth limit is refused, also through fragments", async () => {
    const maxDepth = server.server.app.config.graphqlMaxDepth;
    // campaigns > edges > node > participations > edges > node > campaign > ... : 3 levels per hop.
    let selection = "id";
    for (let level = 0; level < maxDepth; level++) selection = `campaign { participations(first: 1) { edges { node { ${selection} } } } }`;
    const deep = `{ participation(id: "participation_x") { ${selection} } }`;
    const error = expectError(await query(deep), "VALIDATION_ERROR", 400);
    expect(error.message).toMatch(/deep|depth/i);

    const viaFragments = `
      query { campaigns(first: 1) { edges { node { ...A } } } }
      fragment A on Campaign { participations(first: 1) { edges { node { ...B } } } }
      fragment B on Participation { campaign { participations(first: 1) { edges { node { ...C } } } } }
      fragment C on Participation { campaign { participations(first: 1) { edges { node { id } } } } }`;
    expectError(await query(viaFragments), "VALIDATION_ERROR", 400);

    const shallow = await query("{ campaigns(first: 1) { edges { node { participations(first: 1) { edges { node { id } } } } } } }");
    expect(shallow.status).toBe(200);
    expect(shallow.body.errors).toBeUndefined();
  });

  it("too many aliases are refused", async () => {
    const maxAliases = server.server.app.config.graphqlMaxAliases;
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const error = expectError(await query(aliases(maxAliases + 1)), "VALIDATION_ERROR", 400);
    expect(error.message).toMatch(/alias/i);
    const fine = await query(aliases(maxAliases));
    expect(fine.status).toBe(200);
    expect(fine.body.errors).toBeUndefined();
  });

  it("a query over the cost limit is refused before anything runs", async () => {
    const { statements } = await server.countStatements(async () => {
      const error = expectError(
        await query("{ campaigns(first: 100) { edges { node { participations(first: 100) { edges { node { submissions(first: 100) { totalCount } } } } } } } }"),
        "VALIDATION_ERROR",
        400,
      );
      expect(error.message).toMatch(/cost/i);
      // The cost counts variables too.
      expectError(
        await query(
          "query($n: Int) { campaigns(first: $n) { edges { node { participations(first: $n) { edges { node { submissions(first: $n) { totalCount } } } } } } } }",
          { n: 100 },
        ),
        "VALIDATION_ERROR",
        400,
      );
    });
    // Only the bearer token was checked: no campaign, participation or submission was read.
    expect(statements).toBeLessThanOrEqual(2);
  });

  it("a negative page size does not pay for an expensive sibling", async () => {
    const { statements } = await server.countStatements(async () => {
      const error = expectError(
        await query(`{
          a: campaigns(first: 100) { edges { node { participations(first: 100) { edges { node { submissions(first: 100) { totalCount } } } } } } }
          b: campaigns(first: -100000) { edges { node { participations(first: 100) { totalCount } } } }
        }`),
        "VALIDATION_ERROR",
        400,
      );
      expect(error.message).toMatch(/cost/i);
    });
    expect(statements).toBeLessThanOrEqual(2);
  });
});

describe("pagination arguments", () => {
  it("first:0 and first:101 are VALIDATION_ERROR; 1 and 100 are fine", async () => {
    for (const first of [0, 101, -1]) {
      const error = expectError(await query("query($first: Int) { campaigns(first: $first) { totalCount } }", { first }), "VALIDATION_ERROR");
      expect(error.extensions!.details.fields).toHaveProperty("first");
    }
    const nested = await query(`{ campaigns(first: 1) { edges { node { participations(first: 101) { totalCount } } } } }`);
    expect(nested.status).not.toBe(500);
    for (const first of [1, 100]) {
      const answer = await query("query($first: Int) { campaigns(first: $first) { totalCount } }", { first });
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it("a participations page over 100 is VALIDATION_ERROR wherever it is asked", async () => {
    const { brand: owner, campaignId } = await joinedParticipation(server);
    const answer = await query(`query($id: ID!) { campaign(id: $id) { participations(first: 101) { totalCount } } }`, { id: campaignId }, owner.token);
    expectError(answer, "VALIDATION_ERROR");
  });

  it("a bad after cursor is VALIDATION_ERROR", async () => {
    for (const after of ["garbage", "", Buffer.from("c:abc").toString("base64url"), Buffer.from("x:12").toString("base64url"), "c:12", "%%%%"]) {
      const error = expectError(await query("query($after: String) { campaigns(after: $after) { totalCount } }", { after }), "VALIDATION_ERROR");
      expect(error.extensions!.details.fields).toHaveProperty("after");
    }
    // A real cursor works.
    await createCampaign(server, brand);
    await createCampaign(server, brand);
    const page = await ok(server, "{ campaigns(first: 1) { pageInfo { endCursor hasNextPage } } }", {}, brand.token);
    expect(page.campaigns.pageInfo.hasNextPage).toBe(true);
    const next = await query("query($after: String) { campaigns(first: 1, after: $after) { edges { cursor } } }", { after: page.campaigns.pageInfo.endCursor });
    expect(next.body.errors).toBeUndefined();
  });
});

describe("no partial write", () => {
  const countCampaigns = async (actor: Actor) => (await ok(server, "{ campaigns(first: 1) { totalCount } }", {}, actor.token)).campaigns.totalCount as number;
  const CREATE = "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }";

  it("a rejected createCampaign stores nothing", async () => {
    const owner = await signUp(server, "BRAND");
    await createCampaign(server, owner);
    const before = await countCampaigns(owner);
    const valid = { title: "Autumn", currency: "USD", requiredHashtags: ["#autumn"], submissionLimit: 2 };
    const rejected: [Record<string, unknown>, string][] = [
      [{ ...valid, title: "   " }, "title"],
      [{ ...valid, title: "x".repeat(201) }, "title"],
      [{ ...valid, submissionLimit: 0 }, "submissionLimit"],
      [{ ...valid, requiredHashtags: ["#ok", "not a tag"] }, "requiredHashtags"],
      [{ ...valid, startDate: "2030-02-01T00:00:00Z", endDate: "2030-01-01T00:00:00Z" }, "endDate"],
      [{ ...valid, targetBudgetCents: -1 }, "targetBudgetCents"],
      [{ ...valid, rateCard: { flatCents: -5 } }, "rateCard.flatCents"],
      [{ ...valid, imageLogo: "javascript:alert(1)" }, "imageLogo"],
    ];
    for (const [input, field] of rejected) {
      const answer = await query(CREATE, { input }, owner.token);
      const error = expectError(answer, "VALIDATION_ERROR");
      expect(error.extensions!.details.fields).toHaveProperty([field]);
    }
    // Refused before execution (bad types) and by the service (bad values) alike.
    expectError(await query(CREATE, { input: { ...valid, submissionLimit: "two" } }, owner.token), "VALIDATION_ERROR", 400);
    expect(await countCampaigns(owner)).toBe(before);
  });

  it("a rejected submitContent stores nothing and leaves the participation as it was", async () => {
    const { brand: owner, influencer, participationId } = await joinedParticipation(server);
    const READ = `query($id: ID!) { participation(id: $id) { status submissions { totalCount } } }`;
    const before = (await ok(server, READ, { id: participationId }, owner.token)).participation;
    const base = { participationId, platform: "INSTAGRAM", contentUrl: instagramUrl() };
    const inputs: Record<string, unknown>[] = [
      { ...base, contentUrl: "https://www.tiktok.com/@someone/video/7301234567890123456" },
      { ...base, declaredHashtags: ["fine", "not fine"] },
      { ...base, declaredMentions: ["@"] },
      { ...base, postedAt: new Date(Date.now() + 86_400_000).toISOString() },
      { ...base, contentUrl: `https://www.instagram.com/p/${"x".repeat(2100)}/` },
      { ...base, participationId: "participation_doesnotexist" },
      { ...base, participationId: "campaign_abc" },
    ];
    for (const input of inputs) {
      const answer = await query(SUBMIT, { input }, influencer.token);
      expect(answer.status).not.toBe(500);
      expect(["VALIDATION_ERROR", "NOT_FOUND"]).toContain(answer.body.errors?.[0]?.extensions?.code);
    }
    for (const input of [{ ...base, platform: "MYSPACE" }, { ...base, contentUrl: "not a url" }, { ...base, contentType: "CAROUSEL" }, { participationId, platform: "INSTAGRAM" }]) {
      expectError(await query(SUBMIT, { input }, influencer.token), "VALIDATION_ERROR", 400);
    }
    expect((await ok(server, READ, { id: participationId }, owner.token)).participation).toEqual(before);
    expect(before).toEqual({ status: "PARTICIPATION_STATUS_PENDING", submissions: { totalCount: 0 } });
  });

  it("malformed ids are VALIDATION_ERROR, unknown ones NOT_FOUND", async () => {
    // A decimal is a legacy id (docs/legacy-api.md, "Ids"), so "42" is well-formed; "042" and "-42" are not.
    expectError(await query(`{ campaign(id: "042") { id } }`), "VALIDATION_ERROR");
    expectError(await query(`{ campaign(id: "-42") { id } }`), "VALIDATION_ERROR");
    expectError(await query(`{ campaign(id: "2147483000") { id } }`), "NOT_FOUND");
    expectError(await query(`{ campaign(id: "participation_abc") { id } }`), "VALIDATION_ERROR");
    expectError(await query(`{ campaign(id: "campaign_doesnotexist") { id } }`), "NOT_FOUND");
    expectError(await query(`{ submission(id: "submission_") { id } }`), "VALIDATION_ERROR");
    const node = await query(`{ node(id: "campaign_doesnotexist") { id } }`);
    expect(node.status).not.toBe(500);
  });
});
