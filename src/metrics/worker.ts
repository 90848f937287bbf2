// `npm run worker`: the scheduled metrics refresher as its own process. Run as many as you like against
// one PostgreSQL database (claims use SKIP LOCKED). `--once` runs a single round and exits (for cron).
// With embedded PGlite, run the refresher inside the server instead (WORKER_IN_SERVER=true): a second
// process cannot open a data directory the server holds.
import pino from "pino";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { resolveEncryption } from "../shared/encryption.js";
import { createProviders } from "./providers/index.js";
import { MetricsRefresher } from "./refresher.js";
import { createRateLimits } from "../rate-limits/rate-limit.policies.js";

const config = loadConfig();
const log = pino({ level: config.logLevel, name: "metrics-worker" });
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: 2, timeouts: config, preparedStatements: config.databasePreparedStatements });
const encryption = await resolveEncryption(config, database, log);
// The platform budget over the counters every process shares, so servers' manual refreshes and workers add up.
const platformCalls = createRateLimits(config, database, log).platformCalls;
const refresher = new MetricsRefresher({ db: database.db, encryption, providers: createProviders(config), log }, config, platformCalls);

if (process.argv.includes("--once")) {
  const summary = await refresher.runRound();
  log.info({ claimed: summary.claimed, succeeded: summary.succeeded, failed: summary.failed }, "metrics refresh round done");
  await database.close();
} else {
  log.info(`refreshing metrics every ${config.workerIntervalSeconds}s (stale after ${config.metricsFreshnessHours}h)`);
  refresher.start();
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // `on`, not `once`: tsx exits at once on a signal nobody else listens to, and a spent `once` no longer counts.
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping after the current submission`);
      await refresher.stop();
      await database.close();
      process.exit(0);
    });
  }
}
