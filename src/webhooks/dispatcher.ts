// The webhook dispatcher, one per server process (src/server.ts). Each round claims due deliveries: a short
// statement selects them FOR UPDATE SKIP LOCKED and leases them, so dispatchers on one database never claim
// the same delivery; the POST happens outside any transaction; its outcome is recorded with the attempt log
// row in one transaction. A process that dies mid-POST leaves a lease that runs out, and the delivery is
// sent again (at least once; receivers deduplicate by Webhook-Id). See docs/webhooks.md.
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { WebhookSettings } from "../config.js";
import type { Db } from "../db/client.js";
import { queryRows } from "../db/client.js";
import type { Encryption } from "../shared/encryption.js";
import { AddressPolicy, hostOf } from "./url-policy.js";
import { signatureHeader } from "./signature.js";

/** Longest error text kept in the delivery log. */
const MAX_ERROR_LENGTH = 500;

export interface DispatcherDeps {
  db: Db;
  encryption: Encryption;
  log: FastifyBaseLogger;
}

interface ClaimedDelivery {
  id: number;
  attempt_count: number;
  endpoint_id: number;
  url: string;
  secret_encrypted: string;
  event_public_id: string;
  body: string;
}

interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  startedAt: Date;
  durationMs: number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed ones: base × 2^(attempt−1), capped, with "equal
 * jitter" (half fixed, half random) so that receivers that failed together are not retried together.
 */
export function retryDelayMs(settings: Pick<WebhookSettings, "retryBaseDelayMs" | "retryMaxDelayMs">, failedAttempts: number, random = Math.random()): number {
  const exponential = Math.min(settings.retryMaxDelayMs, settings.retryBaseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** Aborts the POSTs in flight when stop() is called; their deliveries are given back unattempted. */
  private readonly stopping = new AbortController();
  private readonly policy: AddressPolicy;
  /** Deliveries being sent; at most `batchSize`, so one slow endpoint holds up only its own slot. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Successful POSTs since start-up (tests and logs). */
  delivered = 0;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly settings: WebhookSettings,
  ) {
    this.policy = new AddressPolicy(settings);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
    await Promise.all(this.inFlight);
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runRound()
        .catch((error) => {
          this.deps.log.error({ err: error }, "webhook dispatch round failed");
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.settings.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Runs a round now instead of at the next poll (a slot came free while more deliveries were due). */
  private wake() {
    if (this.stopped || this.running || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Claims due deliveries for the free slots and starts sending them; answers how many it claimed. */
  async runRound(): Promise<number> {
    const room = this.settings.batchSize - this.inFlight.size;
    if (room <= 0 || this.stopped) return 0;
    const batch = await this.claim(room);
    // Every free slot was filled: more may be due, so each slot that comes free looks again at once.
    const backlog = batch.length === room;
    for (const delivery of batch) {
      const sending: Promise<void> = this.deliver(delivery)
        // Recording failed (the database went away): the lease runs out and another attempt follows.
        .catch((error) => this.deps.log.error({ err: error, deliveryId: delivery.id }, "webhook delivery could not be recorded"))
        .finally(() => {
          this.inFlight.delete(sending);
          if (backlog) this.wake();
        });
      this.inFlight.add(sending);
    }
    return batch.length;
  }

  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    // The lease outlasts the POST's timeout with room to record its outcome.
    const leaseSeconds = Math.ceil(this.settings.timeoutMs / 1000) + 60;
    return queryRows<ClaimedDelivery>(
      this.deps.db,
      sql`with claimed as (
            update webhook_deliveries d set lease_until = now() + make_interval(secs => ${leaseSeconds})
            where d.id in (
              select d2.id from webhook_deliveries d2
              join webhook_endpoints e on e.id = d2.endpoint_id
              -- Checked on the locked row itself, so a claim another dispatcher committed meanwhile is seen.
              where d2.status = 'PENDING' and d2.next_attempt_at <= now()
                and (d2.lease_until is null or d2.lease_until < now())
                and e.status = 'ENABLED'
              order by d2.next_attempt_at, d2.id
              limit ${limit}
              for update of d2 skip locked
            )
            returning d.id, d.attempt_count, d.endpoint_id, d.event_id
          )
          select claimed.id, claimed.attempt_count, claimed.endpoint_id, e.url, e.secret_encrypted,
                 ev.public_id as event_public_id, ev.body
          from claimed
          join webhook_endpoints e on e.id = claimed.endpoint_id
          join webhook_events ev on ev.id = claimed.event_id`,
    );
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await this.post(delivery);
    if (outcome === "aborted") {
      await this.deps.db.execute(sql`update webhook_deliveries set lease_until = null where id = ${delivery.id}`);
      return;
    }
    await this.record(delivery, outcome);
  }

  /** One signed POST; never throws (a failure is the outcome). */
  private async post(delivery: ClaimedDelivery): Promise<AttemptOutcome | "aborted"> {
    const startedAt = new Date();
    const done = (statusCode: number | null, error: string | null): AttemptOutcome => ({
      statusCode,
      error: error?.slice(0, MAX_ERROR_LENGTH) ?? null,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    });
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch {
      return done(null, "the endpoint URL is not valid");
    }
    // An address literal never goes through the lookup: check it here.
    const host = hostOf(url);
    const refused = isIP(host) ? this.policy.refusal(host) : undefined;
    if (refused) return done(null, `refused: ${refused}`);

    const timestamp = Math.floor(startedAt.getTime() / 1000);
    let secret: string;
    try {
      secret = this.deps.encryption.decrypt(delivery.secret_encrypted);
    } catch {
      return done(null, "the signing secret cannot be decrypted with this server's ENCRYPTION_KEY");
    }
    const headers = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(delivery.body)),
      "user-agent": "Varmply-Webhooks/1",
      "webhook-id": delivery.event_public_id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secret, timestamp, delivery.body),
    };
    return new Promise<AttemptOutcome | "aborted">((resolve) => {
      const client = url.protocol === "https:" ? https : http;
      let settled = false;
      const settle = (value: AttemptOutcome | "aborted") => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.stopping.signal.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const request = client.request(url, { method: "POST", headers, lookup: this.policy.guardedLookup() as never, agent: false }, (response) => {
        // The answer's body is not read for anything: drain it so the socket can close.
        response.resume();
        response.on("end", () => settle(done(response.statusCode ?? null, null)));
        response.on("error", (error) => settle(done(response.statusCode ?? null, error.message)));
      });
      const timer = setTimeout(() => {
        request.destroy();
        settle(done(null, `no answer within ${this.settings.timeoutMs} ms`));
      }, this.settings.timeoutMs);
      const onAbort = () => {
        request.destroy();
        settle("aborted");
      };
      this.stopping.signal.addEventListener("abort", onAbort);
      request.on("error", (error: NodeJS.ErrnoException) => settle(done(null, error.code === "EWEBHOOKADDRESS" ? `refused: ${error.message}` : error.message)));
      request.end(delivery.body);
    });
  }

  /** The attempt's log row, the delivery's new state and the endpoint's failure count, in one transaction. */
  private async record(delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const attemptNumber = delivery.attempt_count + 1;
    const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const error = succeeded ? null : (outcome.error ?? `HTTP ${outcome.statusCode}`);
    const exhausted = !succeeded && attemptNumber >= this.settings.maxAttempts;
    const retryAt = new Date(Date.now() + retryDelayMs(this.settings, attemptNumber)).toISOString();
    await this.deps.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into webhook_delivery_attempts (delivery_id, attempt_number, status_code, error, duration_ms, started_at, finished_at)
        select ${delivery.id}::int, ${attemptNumber}::int, ${outcome.statusCode}::int, ${error}::text, ${outcome.durationMs}::int,
               ${outcome.startedAt.toISOString()}::timestamptz, ${new Date(outcome.startedAt.getTime() + outcome.durationMs).toISOString()}::timestamptz
        -- The endpoint may have been deleted (with its deliveries) while the request was under way.
        where exists (select 1 from webhook_deliveries where id = ${delivery.id})`);
      const status = succeeded ? "SUCCEEDED" : exhausted ? "FAILED" : "PENDING";
      await tx.execute(sql`
        update webhook_deliveries set
          status = ${status}::webhook_delivery_status,
          attempt_count = ${attemptNumber},
          lease_until = null,
          last_status_code = ${outcome.statusCode},
          last_error = ${error},
          delivered_at = ${succeeded ? outcome.startedAt.toISOString() : null}::timestamptz,
          next_attempt_at = ${status === "PENDING" ? retryAt : sql`next_attempt_at`},
          updated_at = now()
        where id = ${delivery.id}`);
      if (succeeded) {
        await tx.execute(sql`update webhook_endpoints set consecutive_failures = 0 where id = ${delivery.endpoint_id} and consecutive_failures <> 0`);
      } else if (exhausted) {
        await tx.execute(sql`
          update webhook_endpoints set
            consecutive_failures = consecutive_failures + 1,
            status = case when consecutive_failures + 1 >= ${this.settings.disableAfterFailedEvents} then 'DISABLED'::webhook_endpoint_status else status end,
            disabled_at = case when consecutive_failures + 1 >= ${this.settings.disableAfterFailedEvents} and status = 'ENABLED' then now() else disabled_at end,
            disabled_reason = case when consecutive_failures + 1 >= ${this.settings.disableAfterFailedEvents} and status = 'ENABLED'
              then ${`${this.settings.disableAfterFailedEvents} events in a row failed every attempt`} else disabled_reason end,
            updated_at = now()
          where id = ${delivery.endpoint_id}`);
      }
    });
    if (succeeded) this.delivered++;
    else this.deps.log.info({ deliveryId: delivery.id, attempt: attemptNumber, statusCode: outcome.statusCode, error, exhausted }, "webhook delivery attempt failed");
  }
}
