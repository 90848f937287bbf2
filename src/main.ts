// `npm start`: opens the database (migrating it), seeds demo data into an empty one, and serves.
import { loadConfig } from "./config.js";
import { createServer } from "./server.js";
import { describeDemoAccounts, isDatabaseEmpty, seedDemoData } from "./seed/demo.js";

const config = loadConfig();
const server = await createServer(config);
const log = server.fastify.log;

if (config.seedDemoData && (await isDatabaseEmpty(server.app.database.db))) {
  log.info("empty database: seeding demo data");
  await seedDemoData(server.app);
  // Plain text for the person at the terminal, not a log line.
  process.stdout.write(`\n${describeDemoAccounts()}\n\n`);
}

await server.fastify.listen({ host: config.host, port: config.port });
// The port actually bound (PORT=0 picks a free one).
const { port } = server.fastify.server.address() as import("node:net").AddressInfo;
const where = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
log.info(`Varmply API ready: GraphQL (and Apollo Sandbox) at ${where}/graphql, REST at ${where}/openapi.json`);
log.info(`database: ${server.app.database.driver === "pglite" ? `embedded PGlite in ${config.pgliteDataDir}` : "PostgreSQL server"}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  // `on`, not `once`: a second signal during the drain must find a listener too, or Node's default would end
  // the process at once. `npm start` execs node (package.json), so npm's forwarded signal lands here.
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight requests, then stopping`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await server.close();
    process.exit(0);
  });
}
