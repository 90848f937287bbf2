// Two server processes on one PostgreSQL database, each with its dispatcher: every event reaches the
// receiver exactly once. (PGlite serves one process per database, so this runs with DATABASE_URL only.)
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, setCampaignStatus, signUp } from "../../support/factories.js";
import { createServer, type Server } from "../../../src/server.js";
import { queryRows } from "../../../src/db/client.js";
import { startReceiver, type Receiver } from "./receiver.js";
import { deliveries, register } from "./helpers.js";

const BATCH = 4;
const CAMPAIGNS = 15; // two events each

describe.runIf(process.env.DATABASE_URL !== undefined)("two server processes delivering from one outbox", () => {
  let first: TestServer;
  const dispatching: Server[] = [];
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    const defaults = (await import("../../../src/config.js")).loadConfig({});
    // The API server writes the events; its dispatcher stays off until the outbox is full (below).
    first = await startTestServer({
      webhooks: { ...defaults.webhooks, enabled: false, allowPrivateUrls: true, batchSize: BATCH, pollIntervalMs: 20, retryBaseDelayMs: 20, retryMaxDelayMs: 100, timeoutMs: 30_000 },
    });
  });
  afterAll(async () => {
    for (const server of dispatching) await server.close();
    await first?.close();
    await receiver?.close();
  });

  it("delivers each event exactly once, with both dispatchers sending at the same time", async () => {
    expect(first.driver).toBe("postgres");
    const brand = await signUp(first, "BRAND");
    const { endpoint } = await register(first, receiver, brand, "/both", ["CAMPAIGN_STATUS_CHANGED"]);

    // The first answers wait until more requests are in flight than one dispatcher ever has (it sends one
    // batch at a time): only two dispatchers, claiming different deliveries, can open the gate.
    let inFlight = 0;
    let mostInFlight = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    receiver.respond("/both", async () => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (inFlight > BATCH) open();
      await gate;
      inFlight--;
      return 200;
    });

    for (let i = 0; i < CAMPAIGNS; i++) {
      const campaignId = await createActiveCampaign(first, brand);
      await setCampaignStatus(first, brand, campaignId, "CAMPAIGN_PAUSED");
    }
    const db = first.server.app.database.db;
    const [events] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from webhook_events`);
    expect(events!.n).toBe(CAMPAIGNS * 2);
    expect(receiver.at("/both")).toEqual([]);

    // Two more server processes on the same database (own pools, same ENCRYPTION_KEY), each with its dispatcher.
    for (let i = 0; i < 2; i++) {
      const server = await createServer({ ...first.server.app.config, webhooks: { ...first.server.app.config.webhooks, enabled: true } }, { logger: false });
      dispatching.push(server);
      await server.fastify.ready();
    }

    await vi.waitFor(
      async () => {
        const log = await deliveries(first, brand, endpoint.id);
        expect(log.filter((delivery) => delivery.status === "SUCCEEDED")).toHaveLength(CAMPAIGNS * 2);
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(mostInFlight).toBeGreaterThan(BATCH);
    const ids = receiver.at("/both").map((entry) => entry.webhookId);
    expect(ids).toHaveLength(CAMPAIGNS * 2);
    expect(new Set(ids).size).toBe(CAMPAIGNS * 2);
    expect(receiver.at("/both").every((entry) => entry.verified)).toBe(true);
    const log = await deliveries(first, brand, endpoint.id);
    expect(log.every((delivery) => delivery.attemptCount === 1 && delivery.attempts.length === 1)).toBe(true);
  });
});
