// The attacks found against /graphql and the REST paths, each answered 400 VALIDATION_ERROR in its
// documented shape, never a 500 and never minutes of CPU: documents that expand exponentially through
// fragments, JSON nested or sized without bound, text PostgreSQL cannot store, timestamps outside
// 1970–9999. Limits and why: docs/limits.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, specifiedRules, validate, type GraphQLSchema } from "graphql";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation, ok, signUp, submit, type Actor } from "../support/factories.js";
import { call, expectFieldError } from "../support/rest.js";
import {
  operationWithLiterals,
  operationWithVariables,
  printJsonLiteral,
  rootFields,
  sampleArguments,
  textInputs,
  withValueAt,
  type RootField,
} from "../support/schema-inputs.js";
import { getSchema } from "../../src/graphql/schema.js";
import { aliasLimit, depthLimit } from "../../src/graphql/limits.js";
import { JSON_MAX_BYTES, JSON_MAX_DEPTH } from "../../src/shared/scalars.js";

let server: TestServer;
let schema: GraphQLSchema;
let brand: Actor;
let influencer: Actor;
let participationId: string;
let submissionId: string;

beforeAll(async () => {
  server = await startTestServer();
  schema = await getSchema();
  ({ brand, influencer, participationId } = await joinedParticipation(server));
  ({ submission: { id: submissionId } } = await submit(server, influencer, participationId));
});
afterAll(() => server?.close());

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string; details?: any } }[] };
}

/** POST /graphql with a body given as text (deep JSON cannot go through JSON.stringify). */
async function postRaw(body: string, token = brand.token): Promise<Answer> {
  const response = await server.http("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const gql = (query: string, variables: Record<string, unknown> = {}, token = brand.token) => postRaw(JSON.stringify({ query, variables }), token);

/** 400 with VALIDATION_ERROR as the only code; returns the first error. */
function expectValidationError(answer: Answer, context = "") {
  expect(answer.status, `${context} ${JSON.stringify(answer.body).slice(0, 400)}`).toBe(400);
  expect(answer.body.errors?.length, context).toBeGreaterThan(0);
  for (const error of answer.body.errors!) expect(error.extensions?.code, `${context} ${error.message}`).toBe("VALIDATION_ERROR");
  expect(answer.body.data ?? null).toBeNull();
  return answer.body.errors![0]!;
}

/** The validation the server runs on every document: graphql-js's rules plus the depth and alias limits. */
function validationMs(document: string): number {
  const { graphqlMaxDepth, graphqlMaxAliases } = server.server.app.config;
  const started = performance.now();
  validate(schema, parse(document), [...specifiedRules, depthLimit(graphqlMaxDepth), aliasLimit(graphqlMaxAliases)]);
  return performance.now() - started;
}

/** F0 spreads F1 three times, F1 spreads F2 three times, …: 3^levels copies of the last fragment. */
const spreadBomb = (levels: number) =>
  [
    "query { ...F0 }",
    ...Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} }`),
    `fragment F${levels} on Query { __typename }`,
  ].join("\n");

/**
 * Campaign.viewerParticipation → Participation.campaign → …, each fragment selecting the next level three
 * times, as the same field repeated or under three aliases: each level is one field deeper.
 */
function fieldBomb(levels: number, aliased: boolean) {
  const names = aliased ? ["a: ", "b: ", "c: "] : ["", "", ""];
  const typeAt = (level: number) => (level % 2 === 0 ? ["Campaign", "viewerParticipation"] : ["Participation", "campaign"]);
  const fragments = Array.from({ length: levels }, (_, i) => {
    const [type, field] = typeAt(i);
    return `fragment L${i} on ${type} { ${names.map((alias) => `${alias}${field} { ...L${i + 1} }`).join(" ")} }`;
  });
  return [`query($id: ID!) { campaign(id: $id) { ...L0 } }`, ...fragments, `fragment L${levels} on ${typeAt(levels)[0]} { id }`].join("\n");
}

/** One fragment of `fields` fields, spread `spreads` times in one selection set. */
const wideSpreads = (spreads: number, fields = 100) => `query { ${"...W ".repeat(spreads)}}\nfragment W on Query { ${"__typename ".repeat(fields)}}`;

describe("documents that expand through fragments", () => {
  const slowest: Record<string, number> = {};

  afterAll(() => {
    console.log(`validation time of the attack documents (ms): ${JSON.stringify(slowest)}; largest ${Math.max(...Object.values(slowest)).toFixed(1)}`);
  });

  /** Sends the document, checks the 400, and records its in-process validation and round-trip times. */
  async function refused(name: string, document: string, variables: Record<string, unknown> = {}) {
    slowest[name] = Number(validationMs(document).toFixed(1));
    const started = performance.now();
    const error = expectValidationError(await gql(document, variables), name);
    console.log(`${name}: ${document.length} bytes, answered in ${(performance.now() - started).toFixed(0)} ms: ${error.message}`);
    return error;
  }

  it("a fragment bomb of spreads (3^20 copies in under 1 KB) is refused by the node limit", async () => {
    const document = spreadBomb(20);
    expect(document.length).toBeLessThan(1024);
    const error = await refused("spread bomb", document);
    expect(error.message).toMatch(/more than \d+ selections once its fragments are expanded/);
  });

  it("a fragment bomb of repeated fields is refused by the depth limit", async () => {
    const error = await refused("repeated-field bomb", fieldBomb(16, false), { id: "campaign_x" });
    expect(error.message).toMatch(/nested 18 levels deep/);
  });

  it("an alias bomb within the alias and depth limits is refused by the node limit", async () => {
    const document = fieldBomb(8, true);
    expect(document.match(/\w+: (viewerParticipation|campaign) \{/g)!.length).toBeLessThanOrEqual(server.server.app.config.graphqlMaxAliases);
    const error = await refused("alias bomb", document, { id: "campaign_x" });
    expect(error.message).toMatch(/selections once its fragments are expanded/);
  });

  it("too many aliases in one selection set are refused", async () => {
    const error = await refused("plain alias bomb", `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(" ")} }`);
    expect(error.message).toMatch(/aliases/);
  });

  it("a document with more selections than GRAPHQL_MAX_NODES once expanded is refused; one just under runs", async () => {
    const maxNodes = server.server.app.config.graphqlMaxNodes;
    // Each spread counts itself and its 100 fields.
    const over = Math.ceil(maxNodes / 101) + 1;
    await refused("node limit", wideSpreads(over));
    const under = await gql(wideSpreads(Math.floor(maxNodes / 101)));
    expect(under.status).toBe(200);
    expect(under.body).toEqual({ data: { __typename: "Query" } });
  });

  it("fragment cycles are a validation error, not a hang", async () => {
    await refused("fragment cycle", "query { ...A }\nfragment A on Query { ...B __typename }\nfragment B on Query { ...A }");
  });
});

describe("JSON scalars", () => {
  const CREATE = "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id rateCard { bonuses } } } }";
  const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{"a":1}' + "}".repeat(depth - 1);
  const nestedLiteral = (depth: number) => "{ a: ".repeat(depth - 1) + "{ a: 1 }" + " }".repeat(depth - 1);
  const createWithBonusesJson = (bonuses: string) =>
    postRaw(`{"query":${JSON.stringify(CREATE)},"variables":{"input":{"title":"Deep","currency":"USD","rateCard":{"bonuses":${bonuses}}}}}`);
  const createWithBonusesLiteral = (bonuses: string) =>
    gql(`mutation { createCampaign(input: { title: "Deep", currency: "USD", rateCard: { bonuses: ${bonuses} } }) { campaign { id rateCard { bonuses } } } }`);

  it("an inline JSON object literal is accepted exactly like the same object as a variable", async () => {
    const bonuses = { milestones: [{ views: 100000, cents: 5000 }], note: "x", flag: true, none: null, ratio: 0.5 };
    const viaVariable = await gql(CREATE, { input: { title: "Literal", currency: "USD", rateCard: { bonuses } } });
    const viaLiteral = await createWithBonusesLiteral(printJsonLiteral(bonuses));
    expect(viaVariable.body.errors).toBeUndefined();
    expect(viaLiteral.body.errors).toBeUndefined();
    expect(viaLiteral.body.data.createCampaign.campaign.rateCard.bonuses).toEqual(bonuses);
    expect(viaVariable.body.data.createCampaign.campaign.rateCard.bonuses).toEqual(bonuses);
  });

  it("a `__proto__` key is stored as an ordinary key, not a prototype", async () => {
    const answer = await createWithBonusesLiteral("{ __proto__: { admin: true } }");
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.createCampaign.campaign.rateCard.bonuses).toEqual(JSON.parse('{"__proto__":{"admin":true}}'));
  });

  it(`JSON nested 10,000 deep, or just over ${JSON_MAX_DEPTH} levels, is refused as a variable naming the field`, async () => {
    for (const depth of [10_000, JSON_MAX_DEPTH + 1]) {
      const error = expectValidationError(await createWithBonusesJson(nested(depth)), `variable depth ${depth}`);
      expect(error.extensions!.details.fields).toHaveProperty(["input.rateCard.bonuses"]);
      expect(error.message).toMatch(/nested at most/);
    }
    const fine = await createWithBonusesJson(nested(JSON_MAX_DEPTH));
    expect(fine.body.errors).toBeUndefined();
    expect(JSON.stringify(fine.body.data.createCampaign.campaign.rateCard.bonuses)).toBe(nested(JSON_MAX_DEPTH));
  });

  it("JSON nested too deep is refused as a literal", async () => {
    for (const depth of [1_000, JSON_MAX_DEPTH + 1]) {
      const error = expectValidationError(await createWithBonusesLiteral(nestedLiteral(depth)), `literal depth ${depth}`);
      expect(error.message).toMatch(/nested at most|tokens/);
    }
    const fine = await createWithBonusesLiteral(nestedLiteral(JSON_MAX_DEPTH));
    expect(fine.body.errors).toBeUndefined();
  });

  it(`JSON over ${JSON_MAX_BYTES} bytes is refused, as a variable and as a literal`, async () => {
    const big = { text: "x".repeat(JSON_MAX_BYTES) };
    const asVariable = expectValidationError(await gql(CREATE, { input: { title: "Big", currency: "USD", rateCard: { bonuses: big } } }));
    expect(asVariable.extensions!.details.fields).toHaveProperty(["input.rateCard.bonuses"]);
    expectValidationError(await createWithBonusesLiteral(printJsonLiteral(big)));
    const fits = await gql(CREATE, { input: { title: "Fits", currency: "USD", rateCard: { bonuses: { text: "x".repeat(JSON_MAX_BYTES - 20) } } } });
    expect(fits.body.errors).toBeUndefined();
  });

  it("JSON that is not an object, or holds an enum, is refused", async () => {
    for (const bonuses of ["[1, 2]", '"text"', "42"]) expectValidationError(await createWithBonusesJson(bonuses), bonuses);
    for (const bonuses of ["[1, 2]", '"text"', "{ a: SOMETHING }"]) expectValidationError(await createWithBonusesLiteral(bonuses), bonuses);
  });
});

describe("text PostgreSQL cannot store", () => {
  const NUL = "a\u0000b";
  const LONE_SURROGATE = "a\ud800b";

  /** Every String and ID input of every query and mutation, from the schema. */
  function everyTextInput() {
    return rootFields(schema).flatMap((root) => textInputs(root.field).map((input) => ({ root, ...input })));
  }

  const label = (root: RootField, path: string[]) => `${root.operation} ${root.field.name}(${path.join(".")})`;

  it("is refused in every text input, as a variable and as a literal, naming the field", async () => {
    const inputs = everyTextInput();
    console.log(`text inputs checked: ${inputs.length} in ${new Set(inputs.map((input) => input.root.field.name)).size} root fields`);
    // signIn.email, the review reason, the campaign texts, every id argument, filters, cursors…
    expect(inputs.length).toBeGreaterThanOrEqual(23);
    for (const { root, path, list } of inputs) {
      const field = path.join(".");
      for (const text of [NUL, LONE_SURROGATE]) {
        const args = withValueAt(sampleArguments(root.field), path, list ? [text] : text);
        const viaVariables = expectValidationError(await gql(operationWithVariables(root), args), `${label(root, path)} variable`);
        expect(viaVariables.extensions!.details.fields, label(root, path)).toHaveProperty([field]);
      }
      // A literal string cannot hold a lone surrogate (the parser refuses it), but "\u0000" is a valid escape.
      const args = withValueAt(sampleArguments(root.field), path, list ? [NUL] : NUL);
      const viaLiteral = expectValidationError(await gql(operationWithLiterals(root, args), {}), `${label(root, path)} literal`);
      expect(viaLiteral.extensions!.details.fields, label(root, path)).toHaveProperty([field]);
    }
  });

  it("is refused inside a JSON input, in its values and its keys", async () => {
    const CREATE = "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }";
    for (const bonuses of [{ note: NUL }, { [NUL]: 1 }, { list: [{ deep: LONE_SURROGATE }] }]) {
      const error = expectValidationError(await gql(CREATE, { input: { title: "t", currency: "USD", rateCard: { bonuses } } }));
      expect(error.extensions!.details.fields).toHaveProperty(["input.rateCard.bonuses"]);
    }
  });

  it("stays allowed where it is legitimate: emoji (surrogate pairs) and other control characters are stored", async () => {
    const data = await ok(
      server,
      "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { title description } } }",
      { input: { title: "Trails 🏔️ ünïcode", currency: "USD", description: "line\nbreak\ttab" } },
      brand.token,
    );
    expect(data.createCampaign.campaign).toEqual({ title: "Trails 🏔️ ünïcode", description: "line\nbreak\ttab" });
  });

  it("is refused on the REST paths in the Varmply error shape, naming the field as the client sent it", async () => {
    const before = await ok(server, `query($id: ID!) { submission(id: $id) { status reviewerNote updatedAt } }`, { id: submissionId }, brand.token);
    expectFieldError(await call(server, "POST", `/submissions/${submissionId}/review`, { token: brand.token, body: { action: "REJECT", reason: `spam${NUL}` } }), "reason");
    expectFieldError(
      await call(server, "POST", `/submissions/${submissionId}/review`, {
        token: brand.token,
        body: '{"action":"REJECT","reason":"\\ud800"}',
        headers: { "content-type": "application/json" },
      }),
      "reason",
    );
    const submitted = await call(server, "POST", `/participations/${participationId}/submissions`, {
      token: influencer.token,
      body: { content_url: "https://www.instagram.com/p/Cnulbyte01/", platform: "INSTAGRAM", declared_hashtags: ["#ok", `#bad${NUL}`] },
    });
    expectFieldError(submitted, "declared_hashtags");
    expect(await ok(server, `query($id: ID!) { submission(id: $id) { status reviewerNote updatedAt } }`, { id: submissionId }, brand.token)).toEqual(before);
    const count = await ok(server, `query($id: ID!) { participation(id: $id) { submissions { totalCount } } }`, { id: participationId }, brand.token);
    expect(count.participation.submissions.totalCount).toBe(1);
  });
});

describe("timestamps outside 1970–9999", () => {
  const ANALYTICS = [
    ["campaignAnalytics", "campaignId", "campaign_doesnotexist0"],
    ["participationAnalytics", "participationId", "participation_doesnotexist"],
    ["submissionAnalytics", "submissionId", "submission_doesnotexist0"],
  ] as const;
  const OUTSIDE = ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:00:00-14:00"];

  it("are refused in every GraphQL analytics window, as variables naming the argument and as literals", async () => {
    for (const [field, idArgument, id] of ANALYTICS) {
      for (const value of OUTSIDE) {
        for (const argument of ["from", "to"]) {
          const document = `query($id: ID!, $at: DateTime) { ${field}(${idArgument}: $id, ${argument}: $at) { __typename } }`;
          const error = expectValidationError(await gql(document, { id, at: value }), `${field} ${argument}=${value}`);
          expect(error.extensions!.details.fields).toHaveProperty(["at"]);
          expect(error.message).toMatch(/between 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z/);
          expectValidationError(await gql(`query { ${field}(${idArgument}: "${id}", ${argument}: "${value}") { __typename } }`), `${field} literal`);
        }
      }
    }
  });

  it("are refused in the REST analytics windows, naming the query parameter", async () => {
    for (const path of [`/submissions/${submissionId}/analytics`, `/participations/${participationId}/analytics`]) {
      for (const parameter of ["from", "to"]) {
        expectFieldError(await call(server, "GET", `${path}?${parameter}=0000-01-01T00:00:00Z`, { token: brand.token }), parameter);
      }
    }
  });

  it("are refused in mutation inputs; the bounds themselves are accepted", async () => {
    const CREATE = "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { startDate endDate } } }";
    const error = expectValidationError(await gql(CREATE, { input: { title: "t", currency: "USD", startDate: "0000-01-01T00:00:00Z" } }));
    expect(error.extensions!.details.fields).toHaveProperty(["input.startDate"]);
    const bounds = await ok(server, CREATE, { input: { title: "t", currency: "USD", startDate: "1970-01-01T00:00:00Z", endDate: "9999-12-31T23:59:59.999Z" } }, brand.token);
    expect(bounds.createCampaign.campaign).toEqual({ startDate: "1970-01-01T00:00:00.000Z", endDate: "9999-12-31T23:59:59.999Z" });
  });
});

describe("the server after the attacks", () => {
  it("still answers", async () => {
    const answer = await gql("{ viewer { id } }", {}, (await signUp(server, "BRAND")).token);
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer.id).toMatch(/^user_/);
  });
});
