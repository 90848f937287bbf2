// `npm run seed`: wipes the domain data of the configured database and seeds the demo world again.
// With embedded PGlite, stop the server first: one process at a time may open a data directory (the data
// directory's lock file refuses a second one with a clear message).
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { resolveEncryption } from "../shared/encryption.js";
import { describeDemoAccounts } from "./demo.js";
import { resetDemoData } from "./reset.js";

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: 2, timeouts: config, preparedStatements: config.databasePreparedStatements });
try {
  const encryption = await resolveEncryption(config, database, { warn: (message) => console.warn(`warning: ${message}`) });
  const started = Date.now();
  await resetDemoData({ config, database, encryption });
  const where = database.driver === "pglite" ? `embedded PGlite in ${config.pgliteDataDir}` : "the PostgreSQL server at DATABASE_URL";
  console.log(`Demo data re-seeded into ${where} in ${Date.now() - started} ms.\n`);
  console.log(describeDemoAccounts(config));
} finally {
  await database.close();
}
