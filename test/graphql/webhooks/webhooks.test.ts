// Signed webhooks end to end (docs/webhooks.md): endpoints registered in GraphQL, events written with the
// change that causes them, delivered by the server's dispatcher to a real receiver on 127.0.0.1 that checks
// every signature; retries, the delivery log, redelivery, disabling, ownership and the SSRF policy.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { errorCode, joinedParticipation, ok, review, signUp, submit, setCampaignStatus, createCampaign, createActiveCampaign, SUBMIT, instagramUrl, type Actor } from "../../support/factories.js";
import { key, FUND, PAY_OUT } from "../../support/money.js";
import { queryRows } from "../../../src/db/client.js";
import { verifySignature } from "../../../src/webhooks/signature.js";
import { startReceiver, type Receiver } from "./receiver.js";
import { CREATE, DELIVERIES, deliveries, register } from "./helpers.js";

const UPDATE = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { endpoint { id url events status consecutiveFailures disabledAt disabledReason } }
}`;
const REDELIVER = `mutation($input: RedeliverWebhookEventInput!) { redeliverWebhookEvent(input: $input) { deliveries { id eventId status } } }`;

const ADMIN = { email: "webhooks-admin@example.test", password: "correct horse battery staple" };

let server: TestServer;
let receiver: Receiver;
let admin: Actor;

beforeAll(async () => {
  receiver = await startReceiver();
  const defaults = (await import("../../../src/config.js")).loadConfig({});
  server = await startTestServer({
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    webhooks: { ...defaults.webhooks, enabled: true, allowPrivateUrls: true, pollIntervalMs: 20, retryBaseDelayMs: 20, retryMaxDelayMs: 100, timeoutMs: 5_000 },
  });
  const data = await ok(server, `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id } } }`, { input: ADMIN });
  admin = { token: data.signIn.accessToken, refreshToken: data.signIn.refreshToken, id: data.signIn.user.id, email: ADMIN.email };
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe("events and signatures", () => {
  it("a brand's endpoint gets its campaigns' events, signed, with public ids only; another brand's gets none; an admin's gets all", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server, { rateCard: { flatCents: 300, cpmCents: 0 } });
    const other = await signUp(server, "BRAND");
    const mine = await register(server, receiver, brand, "/brand");
    await register(server, receiver, other, "/other");
    await register(server, receiver, admin, "/admin");
    expect(mine.secret).toMatch(/^whsec_/);
    expect(mine.endpoint.status).toBe("ENABLED");

    await ok(server, FUND, { input: { campaignId, amountCents: 10_000, idempotencyKey: key() } }, brand.token);
    const { submission } = await submit(server, influencer, participationId);
    await review(server, brand, submission.id, "APPROVE");
    await ok(server, `mutation($id: ID!) { refreshParticipationMetrics(participationId: $id) { __typename } }`, { id: participationId }, influencer.token);
    await ok(server, PAY_OUT, { input: { campaignId, idempotencyKey: key() } }, brand.token);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");

    const expected = [
      "SUBMISSION_CREATED",
      "PARTICIPATION_STATUS_CHANGED", // PENDING → CONTENT_SUBMITTED
      "SUBMISSION_REVIEWED",
      "PARTICIPATION_STATUS_CHANGED", // → APPROVED
      "METRICS_REFRESHED",
      "ACCRUAL",
      "PAYOUT",
      "CAMPAIGN_STATUS_CHANGED",
    ];
    await vi.waitFor(() => expect(receiver.at("/brand")).toHaveLength(expected.length), { timeout: 15_000, interval: 20 });
    const got = receiver.at("/brand");
    // Deliveries run concurrently: compare as multisets, then check the order the events were created in.
    expect(got.map((entry) => entry.payload.type).sort()).toEqual([...expected].sort());
    const byCreation = [...got].sort((a, b) => a.payload.createdAt.localeCompare(b.payload.createdAt) || 0);
    expect(byCreation[0]!.payload.type).toBe("SUBMISSION_CREATED");
    expect(byCreation.at(-1)!.payload.type).toBe("CAMPAIGN_STATUS_CHANGED");

    for (const entry of got) {
      expect(entry.verified).toBe(true);
      expect(entry.contentType).toBe("application/json");
      expect(entry.webhookId).toBe(entry.payload.id);
      expect(entry.webhookId).toMatch(/^evt_/);
      expect(entry.signature).toMatch(new RegExp(`^t=${entry.timestamp},v1=[0-9a-f]{64}$`));
      expect(Math.abs(Number(entry.timestamp) - Date.now() / 1000)).toBeLessThan(120);
      // Tampering with the body breaks the signature.
      expect(verifySignature(mine.secret, entry.signature, entry.body.replace("}", " }"))).toBe(false);
      // No row id leaks: every id-like value is a public id.
      const ids = [...entry.body.matchAll(/"(\w*[iI]d)":("?[^,}"]*"?)/g)].map((match) => [match[1], match[2]]);
      for (const [, value] of ids) expect(value).toMatch(/^"(campaign|participation|submission|user|snapshot|txn|evt)_\w+"$/);
    }
    const created = got.find((entry) => entry.payload.type === "SUBMISSION_CREATED")!.payload;
    expect(created.data).toMatchObject({ campaignId, participationId, influencerId: influencer.id, submission: { id: submission.id, status: "PENDING", platform: "INSTAGRAM" } });
    const changed = got.filter((entry) => entry.payload.type === "PARTICIPATION_STATUS_CHANGED").map((entry) => entry.payload.data.participation);
    expect(changed.map((p: any) => `${p.previousStatus}→${p.status}`).sort()).toEqual([
      "PARTICIPATION_STATUS_CONTENT_SUBMITTED→PARTICIPATION_STATUS_APPROVED",
      "PARTICIPATION_STATUS_PENDING→PARTICIPATION_STATUS_CONTENT_SUBMITTED",
    ]);
    expect(got.find((entry) => entry.payload.type === "ACCRUAL")!.payload.data).toMatchObject({ submissionId: submission.id, currency: "USD", accruedCents: 300, fundedCents: 300, blockedCents: 0 });
    expect(got.find((entry) => entry.payload.type === "PAYOUT")!.payload.data).toMatchObject({
      campaignId,
      paidCents: 300,
      influencers: [{ influencerId: influencer.id, paidCents: 300 }],
    });
    expect(got.find((entry) => entry.payload.type === "CAMPAIGN_STATUS_CHANGED")!.payload.data.campaign).toMatchObject({
      id: campaignId,
      status: "CAMPAIGN_PAUSED",
      previousStatus: "CAMPAIGN_ACTIVE",
    });

    // The admin's endpoint receives the same events (and others' too); the other brand's none of them.
    await vi.waitFor(() => expect(receiver.at("/admin").filter((entry) => got.some((mineEntry) => mineEntry.webhookId === entry.webhookId))).toHaveLength(expected.length), {
      timeout: 15_000,
      interval: 20,
    });
    expect(receiver.at("/admin").every((entry) => entry.verified)).toBe(true);
    expect(receiver.at("/other").filter((entry) => got.some((mineEntry) => mineEntry.webhookId === entry.webhookId))).toEqual([]);

    // The delivery log: one SUCCEEDED delivery per event, one attempt each (recorded just after the answer).
    const settled = async (endpointId: string) => {
      const entries = await deliveries(server, brand, endpointId);
      expect(entries.filter((delivery) => delivery.status === "PENDING")).toEqual([]);
      return entries;
    };
    await vi.waitFor(() => settled(mine.endpoint.id), { timeout: 10_000, interval: 25 });
    const log = await deliveries(server, brand, mine.endpoint.id);
    expect(log).toHaveLength(expected.length);
    for (const delivery of log) {
      expect(delivery).toMatchObject({ status: "SUCCEEDED", attemptCount: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, endpointId: mine.endpoint.id });
      expect(delivery.attempts).toEqual([expect.objectContaining({ attemptNumber: 1, statusCode: 200, error: null })]);
      expect(JSON.parse(delivery.payload).id).toBe(delivery.eventId);
    }
  });

  it("an endpoint receives only the event types it subscribed to", async () => {
    const brand = await signUp(server, "BRAND");
    await register(server, receiver, brand, "/status-only", ["CAMPAIGN_STATUS_CHANGED"]);
    const campaignId = await createActiveCampaign(server, brand);
    await vi.waitFor(() => expect(receiver.at("/status-only")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const influencer = await signUp(server, "INFLUENCER");
    await ok(server, `mutation($id: ID!) { joinCampaign(campaignId: $id) { participation { id } } }`, { id: campaignId }, influencer.token);
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    await vi.waitFor(() => expect(receiver.at("/status-only")).toHaveLength(2), { timeout: 10_000, interval: 20 });
    expect(receiver.at("/status-only").map((entry) => entry.payload.type)).toEqual(["CAMPAIGN_STATUS_CHANGED", "CAMPAIGN_STATUS_CHANGED"]);
  });

  it("an owner who is no longer active gets nothing, even one who was an admin", async () => {
    const brand = await signUp(server, "BRAND");
    const formerAdmin = await signUp(server, "BRAND");
    const mine = await register(server, receiver, brand, "/active-owner", ["CAMPAIGN_STATUS_CHANGED"]);
    const theirs = await register(server, receiver, formerAdmin, "/suspended-owner", ["CAMPAIGN_STATUS_CHANGED"]);
    const db = server.server.app.database.db;
    await db.execute(sql`update users set role = 'ADMIN', status = 'SUSPENDED' where public_id = ${formerAdmin.id}`);
    await createActiveCampaign(server, brand);
    // The deliveries are written with the change itself (the outbox), so they can be counted at once.
    const counts = await queryRows<{ public_id: string; n: number }>(
      db,
      sql`select e.public_id, count(d.id)::int as n from webhook_endpoints e left join webhook_deliveries d on d.endpoint_id = e.id
          where e.public_id in (${mine.endpoint.id}, ${theirs.endpoint.id}) group by e.public_id`,
    );
    expect(Object.fromEntries(counts.map((row) => [row.public_id, row.n]))).toEqual({ [mine.endpoint.id]: 1, [theirs.endpoint.id]: 0 });
  });
});

describe("the outbox", () => {
  it("a change that is rolled back after its event was written sends nothing", async () => {
    const { brand, influencer, participationId } = await joinedParticipation(server);
    await register(server, receiver, brand, "/rollback");
    const db = server.server.app.database.db;
    // The submission and its SUBMISSION_CREATED event are written, then moving the participation to
    // CONTENT_SUBMITTED fails: the whole transaction rolls back.
    await db.execute(sql`create or replace function webhooks_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await db.execute(sql`create trigger webhooks_test_fail before update of status on participations
      for each row when (new.status = 'PARTICIPATION_STATUS_CONTENT_SUBMITTED') execute function webhooks_test_fail()`);
    const contentUrl = instagramUrl();
    try {
      const response = await server.gql(SUBMIT, { input: { participationId, platform: "INSTAGRAM", contentUrl } }, influencer.token);
      expect(response.errors?.[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await db.execute(sql`drop trigger webhooks_test_fail on participations`);
      await db.execute(sql`drop function webhooks_test_fail()`);
    }
    const stored = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from submissions where content_url = ${contentUrl}`);
    expect(stored[0]!.n).toBe(0);
    const events = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from webhook_events where body like ${`%${contentUrl}%`}`);
    expect(events[0]!.n).toBe(0);

    // A change that commits afterwards is delivered; the rolled-back one never is.
    const { submission } = await submit(server, influencer, participationId);
    await vi.waitFor(() => expect(receiver.at("/rollback", "SUBMISSION_CREATED")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(receiver.at("/rollback", "SUBMISSION_CREATED")[0]!.payload.data.submission.id).toBe(submission.id);
    expect(receiver.at("/rollback").some((entry) => entry.body.includes(contentUrl))).toBe(false);
  });
});

describe("retries", () => {
  it("a receiver that fails three times then succeeds gets the event once more, not twice", async () => {
    const brand = await signUp(server, "BRAND");
    const campaignId = await createCampaign(server, brand);
    const { endpoint } = await register(server, receiver, brand, "/flaky", ["CAMPAIGN_STATUS_CHANGED"]);
    receiver.respond("/flaky", ({ n }) => (n <= 3 ? 503 : 200));
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_ACTIVE");

    await vi.waitFor(async () => expect((await deliveries(server, brand, endpoint.id))[0]?.status).toBe("SUCCEEDED"), { timeout: 15_000, interval: 25 });
    // Another event, delivered after the first settled: had a duplicate of the first been due, it would have
    // been sent before this one.
    await setCampaignStatus(server, brand, campaignId, "CAMPAIGN_PAUSED");
    await vi.waitFor(() => expect(receiver.at("/flaky")).toHaveLength(5), { timeout: 15_000, interval: 20 });

    const first = receiver.at("/flaky").filter((entry) => entry.payload.data.campaign.status === "CAMPAIGN_ACTIVE");
    expect(first.map((entry) => entry.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(first.map((entry) => entry.webhookId)).size).toBe(1);
    expect(new Set(first.map((entry) => entry.body)).size).toBe(1); // every attempt sends the same bytes
    expect(first.every((entry) => entry.verified)).toBe(true);

    const log = await deliveries(server, brand, endpoint.id);
    const delivery = log.find((entry) => entry.eventId === first[0]!.webhookId)!;
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attemptCount: 4, lastStatusCode: 200, lastError: null });
    expect(delivery.attempts.map((attempt: any) => [attempt.attemptNumber, attempt.statusCode, attempt.error])).toEqual([
      [1, 503, "HTTP 503"],
      [2, 503, "HTTP 503"],
      [3, 503, "HTTP 503"],
      [4, 200, null],
    ]);
    // Attempts are spaced by the back-off (20 ms, then 40, then 80, each with up to half off for jitter).
    const starts = delivery.attempts.map((attempt: any) => Date.parse(attempt.startedAt));
    expect(starts[3] - starts[0]).toBeGreaterThanOrEqual(10 + 20 + 40);
    expect((await ok(server, `query($id: ID!) { webhookEndpoint(id: $id) { consecutiveFailures status } }`, { id: endpoint.id }, brand.token)).webhookEndpoint).toEqual({
      consecutiveFailures: 0,
      status: "ENABLED",
    });
  });
});

describe("manual redelivery", () => {
  it("sends the same event again, by delivery or by event id, as a new delivery with its own log", async () => {
    const brand = await signUp(server, "BRAND");
    const { endpoint } = await register(server, receiver, brand, "/redeliver", ["CAMPAIGN_STATUS_CHANGED"]);
    await createActiveCampaign(server, brand);
    await vi.waitFor(async () => expect((await deliveries(server, brand, endpoint.id))[0]?.status).toBe("SUCCEEDED"), { timeout: 10_000, interval: 25 });
    const [original] = await deliveries(server, brand, endpoint.id);

    const byDelivery = await ok(server, REDELIVER, { input: { deliveryId: original.id } }, brand.token);
    expect(byDelivery.redeliverWebhookEvent.deliveries).toEqual([{ id: expect.stringMatching(/^delivery_/), eventId: original.eventId, status: "PENDING" }]);
    await vi.waitFor(() => expect(receiver.at("/redeliver")).toHaveLength(2), { timeout: 10_000, interval: 20 });
    const byEvent = await ok(server, REDELIVER, { input: { eventId: original.eventId } }, brand.token);
    expect(byEvent.redeliverWebhookEvent.deliveries).toHaveLength(1);
    await vi.waitFor(() => expect(receiver.at("/redeliver")).toHaveLength(3), { timeout: 10_000, interval: 20 });
    // Each outcome is recorded just after the receiver answered.
    await vi.waitFor(async () => expect((await deliveries(server, brand, endpoint.id)).map((delivery) => delivery.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]), {
      timeout: 10_000,
      interval: 25,
    });

    const sent = receiver.at("/redeliver");
    expect(new Set(sent.map((entry) => entry.webhookId))).toEqual(new Set([original.eventId]));
    expect(new Set(sent.map((entry) => entry.body)).size).toBe(1);
    expect(sent.every((entry) => entry.verified)).toBe(true);
    const log = await deliveries(server, brand, endpoint.id);
    expect(log).toHaveLength(3);
    expect(log.every((delivery) => delivery.status === "SUCCEEDED" && delivery.attemptCount === 1)).toBe(true);
    // The log pages newest first.
    const page1 = (await ok(server, DELIVERIES, { id: endpoint.id, first: 2 }, brand.token)).webhookDeliveries;
    const page2 = (await ok(server, DELIVERIES, { id: endpoint.id, first: 2, after: page1.pageInfo.endCursor }, brand.token)).webhookDeliveries;
    expect(page1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(page2).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    expect([...page1.edges, ...page2.edges].map((edge: any) => edge.node.id)).toEqual(log.map((delivery) => delivery.id));
    expect(page2.edges.at(-1).node.id).toBe(original.id);

    expect(await errorCode(server, REDELIVER, { input: { deliveryId: original.id, eventId: original.eventId } }, brand.token)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, REDELIVER, { input: {} }, brand.token)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, REDELIVER, { input: { deliveryId: "nonsense" } }, brand.token)).toBe("VALIDATION_ERROR");
  });
});

describe("the signing secret", () => {
  it("is stored encrypted, and rotating it signs every later request with the new one", async () => {
    const brand = await signUp(server, "BRAND");
    const { endpoint, secret } = await register(server, receiver, brand, "/rotate", ["CAMPAIGN_STATUS_CHANGED"]);
    const [row] = await queryRows<{ secret_encrypted: string }>(server.server.app.database.db, sql`select secret_encrypted from webhook_endpoints where public_id = ${endpoint.id}`);
    expect(row!.secret_encrypted).not.toContain(secret.slice(6));

    const rotated = await ok(server, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }`, { id: endpoint.id }, brand.token);
    const fresh = rotated.rotateWebhookSecret.secret as string;
    expect(fresh).not.toBe(secret);
    await createActiveCampaign(server, brand);
    await vi.waitFor(() => expect(receiver.at("/rotate")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const [entry] = receiver.at("/rotate");
    expect(verifySignature(fresh, entry!.signature, entry!.body)).toBe(true);
    expect(verifySignature(secret, entry!.signature, entry!.body)).toBe(false);
  });
});

describe("ownership", () => {
  it("a brand sees and changes only its own endpoints and their deliveries; admins see all; influencers none", async () => {
    const owner = await signUp(server, "BRAND");
    const stranger = await signUp(server, "BRAND");
    const influencer = await signUp(server, "INFLUENCER");
    const { endpoint } = await register(server, receiver, owner, "/owned", ["CAMPAIGN_STATUS_CHANGED"]);
    await createActiveCampaign(server, owner);
    await vi.waitFor(() => expect(receiver.at("/owned")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const [delivery] = await deliveries(server, owner, endpoint.id);

    const list = `{ webhookEndpoints(first: 100) { totalCount edges { node { id } } } }`;
    const ids = async (actor: Actor) => (await ok(server, list, {}, actor.token)).webhookEndpoints.edges.map((edge: any) => edge.node.id);
    expect(await ids(owner)).toEqual([endpoint.id]);
    expect(await ids(stranger)).toEqual([]);
    expect(await ids(admin)).toContain(endpoint.id);

    const id = { id: endpoint.id };
    expect(await errorCode(server, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`, id, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, DELIVERIES, id, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, UPDATE, { ...id, input: { description: "mine now" } }, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, id, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }`, id, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, REDELIVER, { input: { deliveryId: delivery.id } }, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, REDELIVER, { input: { eventId: delivery.eventId } }, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, list, {}, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, CREATE, { input: { url: receiver.url("/x"), events: ["PAYOUT"] } }, influencer.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, list, {})).toBe("UNAUTHORIZED");

    // An admin reads anyone's log; the owner deletes its endpoint.
    expect(await deliveries(server, admin, endpoint.id)).toHaveLength(1);
    await ok(server, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }`, id, owner.token);
    expect(await errorCode(server, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`, id, owner.token)).toBe("NOT_FOUND");
  });

  it("refuses malformed input with VALIDATION_ERROR", async () => {
    const brand = await signUp(server, "BRAND");
    const input = (extra: Record<string, unknown>) => ({ input: { url: receiver.url("/v"), events: ["PAYOUT"], ...extra } });
    const details = async (variables: Record<string, unknown>) => {
      const response = await server.gql(CREATE, variables, brand.token);
      expect(response.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
      return response.errors![0]!.extensions.details.fields;
    };
    expect(await details(input({ events: [] }))).toHaveProperty("events");
    expect(await details(input({ url: "ftp://example.com/hook" }))).toHaveProperty("url", "must be an http or https URL");
    expect(await details(input({ url: "not a url" }))).toHaveProperty("url", "is not a URL");
    expect(await details(input({ url: "http://user:pw@127.0.0.1/" }))).toHaveProperty("url");
    expect(await details(input({ description: "x".repeat(501) }))).toHaveProperty("description");
    expect(await errorCode(server, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`, { id: "campaign_123" }, brand.token)).toBe("VALIDATION_ERROR");
  });
});

describe("repeated failure", () => {
  let strict: TestServer;
  let brand: Actor;
  beforeAll(async () => {
    strict = await startTestServer({
      webhooks: { ...server.server.app.config.webhooks, maxAttempts: 2, disableAfterFailedEvents: 2 },
    });
    brand = await signUp(strict, "BRAND");
  });
  afterAll(() => strict?.close());

  it("disables the endpoint after N events in a row failed every attempt; re-enabling resumes delivery", async () => {
    const { endpoint } = await register(strict, receiver, brand, "/down", ["CAMPAIGN_STATUS_CHANGED"]);
    let up = false;
    receiver.respond("/down", () => (up ? 200 : 500));
    const campaignId = await createActiveCampaign(strict, brand); // event 1
    await setCampaignStatus(strict, brand, campaignId, "CAMPAIGN_PAUSED"); // event 2
    const endpointState = async () =>
      (await ok(strict, `query($id: ID!) { webhookEndpoint(id: $id) { status consecutiveFailures disabledAt disabledReason } }`, { id: endpoint.id }, brand.token)).webhookEndpoint;
    await vi.waitFor(async () => expect((await endpointState()).status).toBe("DISABLED"), { timeout: 15_000, interval: 25 });
    expect(await endpointState()).toMatchObject({ consecutiveFailures: 2, disabledReason: expect.stringContaining("2 events in a row"), disabledAt: expect.any(String) });
    const log = await deliveries(strict, brand, endpoint.id);
    expect(log.map((delivery) => [delivery.status, delivery.attemptCount, delivery.lastStatusCode])).toEqual([
      ["FAILED", 2, 500],
      ["FAILED", 2, 500],
    ]);
    expect(receiver.at("/down")).toHaveLength(4);

    // Disabled: a new event is not queued for it, and redelivery is refused until it is enabled again.
    await setCampaignStatus(strict, brand, campaignId, "CAMPAIGN_ACTIVE");
    expect(await deliveries(strict, brand, endpoint.id)).toHaveLength(2);
    expect(await errorCode(strict, REDELIVER, { input: { deliveryId: log[0].id } }, brand.token)).toBe("CONFLICT");

    up = true;
    const enabled = await ok(strict, UPDATE, { id: endpoint.id, input: { enabled: true } }, brand.token);
    expect(enabled.updateWebhookEndpoint.endpoint).toMatchObject({ status: "ENABLED", consecutiveFailures: 0, disabledAt: null, disabledReason: null });
    await ok(strict, REDELIVER, { input: { deliveryId: log[0].id } }, brand.token);
    await setCampaignStatus(strict, brand, campaignId, "CAMPAIGN_PAUSED");
    await vi.waitFor(() => expect(receiver.at("/down").filter((entry) => entry.status === 200)).toHaveLength(2), { timeout: 15_000, interval: 20 });
  });
});

describe("which URLs (SSRF)", () => {
  let locked: TestServer;
  let brand: Actor;
  beforeAll(async () => {
    locked = await startTestServer({ webhooks: { ...server.server.app.config.webhooks, allowPrivateUrls: false } });
    brand = await signUp(locked, "BRAND");
  });
  afterAll(() => locked?.close());

  it.each([
    "http://127.0.0.1/",
    "http://localhost:8080/hook",
    "http://[::1]/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/", // 127.0.0.1 as one number
  ])("refuses %s unless private URLs are allowed", async (url) => {
    const response = await locked.gql(CREATE, { input: { url, events: ["PAYOUT"] } }, brand.token);
    expect(response.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
    expect(response.errors![0]!.extensions.details.fields.url).toMatch(/loopback, link-local or private|does not resolve/);
  });

  it("does not tell which address a host name resolves to", async () => {
    const response = await locked.gql(CREATE, { input: { url: "http://localhost:8080/hook", events: ["PAYOUT"] } }, brand.token);
    expect(response.errors![0]!.extensions.details.fields.url).toMatch(/^host localhost resolves to a loopback, link-local or private address;/);
    expect(response.errors![0]!.extensions.details.fields.url).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it("accepts http://127.0.0.1/ where private URLs are allowed (the harness's setting)", async () => {
    const other = await signUp(server, "BRAND");
    const data = await ok(server, CREATE, { input: { url: "http://127.0.0.1/", events: ["PAYOUT"] } }, other.token);
    expect(data.createWebhookEndpoint.endpoint.url).toBe("http://127.0.0.1/");
  });

  it("checks the address again at delivery time: an endpoint that now points at loopback gets nothing", async () => {
    // As if its name had been re-pointed at 127.0.0.1 after registration (DNS rebinding): the rows are
    // written directly, since registration would refuse them. One names the address, one a host name that
    // resolves to it (the connection's own lookup refuses it).
    const db = locked.server.app.database.db;
    const [owner] = await queryRows<{ id: number }>(db, sql`select id from users where public_id = ${brand.id}`);
    const secret = locked.server.app.encryption.encrypt("whsec_test");
    const byName = receiver.url("/rebound-name").replace("127.0.0.1", "localhost");
    await db.execute(sql`insert into webhook_endpoints (public_id, owner_id, url, events, secret_encrypted)
      values ('webhook_rebound', ${owner!.id}, ${receiver.url("/rebound")}, '{CAMPAIGN_STATUS_CHANGED}', ${secret}),
             ('webhook_reboundname', ${owner!.id}, ${byName}, '{CAMPAIGN_STATUS_CHANGED}', ${secret})`);
    await createActiveCampaign(locked, brand);
    await vi.waitFor(async () => {
      const [delivery] = await deliveries(locked, brand, "webhook_rebound");
      expect(delivery?.attempts?.[0]?.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback, link-local or private address/);
      const [named] = await deliveries(locked, brand, "webhook_reboundname");
      // The address a name resolves to is not told (the log is the owner's): only that it is not public.
      expect(named?.attempts?.[0]?.error).toBe("refused: localhost resolves to a loopback, link-local or private address");
    }, { timeout: 10_000, interval: 25 });
    expect(receiver.at("/rebound")).toEqual([]);
    expect(receiver.at("/rebound-name")).toEqual([]);
  });

  it("connects through the same checked lookup when a host name is allowed", async () => {
    const other = await signUp(server, "BRAND");
    const { endpoint } = await register(server, receiver, other, "/by-name", ["CAMPAIGN_STATUS_CHANGED"]);
    await ok(server, UPDATE, { id: endpoint.id, input: { url: receiver.url("/by-name").replace("127.0.0.1", "localhost") } }, other.token);
    await createActiveCampaign(server, other);
    await vi.waitFor(() => expect(receiver.at("/by-name")).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(receiver.at("/by-name")[0]!.verified).toBe(true);
  });
});
