// `npm run bench:compare`: this API beside PostGraphile 4.14.1 on one PostgreSQL database, same machine,
// same run, alternating rounds (docs/performance.md says what it measures and how to read it).
//
//   npm run bench:compare                         # the full dataset (--scale 1), 3 rounds of 10 s per workload
//   npm run bench:compare -- --scale 0.1 --rounds 2 --duration 5
//   BENCH_DATABASE_SERVER=postgres://postgres@127.0.0.1:5432/postgres   (the default)
//   npm run bench:compare -- --report bench/results/<date>.json          # rewrite the docs from a run
//   npm run bench:compare -- --only "brand dashboard" --heap-prof --no-report   # allocation sites; docs left alone
//   npm run bench:compare -- --only "one participation" --profile-workload "(GraphQL)" --no-report   # profile another workload
//
// It makes a scratch database, migrates it by starting this server on it, seeds it (bench/compare/seed.ts),
// starts both servers as child processes, counts each one's SQL statements through a counting proxy
// (bench/compare/pg-proxy.ts), runs the workloads with autocannon (10 connections), measures this server's
// allocations and CPU profile on the dashboard, writes bench/results/<date>.json, docs/performance.md's
// results section and docs/performance-ratios.svg, then stops its children and drops the database.
// Its own dependencies (postgraphile, autocannon) live in bench/compare/node_modules, installed on first use.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createScratchDatabase } from "../../test/support/server.js";
import { startCountingProxy, type CountingProxy } from "./pg-proxy.js";
import { seed, SEED_STEPS, type Fixtures } from "./seed.js";
import { workloads, type Request, type Workload } from "./workloads.js";
import { summariseCpuProfile, summariseHeapProfile, table, writeReport, type HeapSummary, type Measurement, type Results } from "./report.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && process.argv[at + 1] !== undefined) return process.argv[at + 1]!;
  return process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`] ?? fallback;
}
const SCALE = Number(option("scale", "1"));
const ROUNDS = Number(option("rounds", "3"));
const DURATION = Number(option("duration", "10"));
const CONNECTIONS = Number(option("connections", "10"));
const ONLY = option("only", ""); // substrings of workload names, separated by "|", to run a subset
const SERVER_URL = option("database-server", "postgres://postgres@127.0.0.1:5432/postgres");
const DEADLINE_MS = Number(option("deadline-ms", String(60 * 60_000)));
/** Also sample where the profiled workload allocates (bench/compare/heap-sampler.mjs). */
const HEAP_PROF = process.argv.includes("--heap-prof");
/** Write bench/results/<date>.json only, not docs/performance.md nor the chart (runs of a subset, while working). */
const NO_REPORT = process.argv.includes("--no-report");
/** Profile (allocations, CPU) the workload whose name contains this text instead of the dashboard. */
const PROFILE_WORKLOAD = option("profile-workload", "");

const children = new Set<ChildProcess>();
let dropDatabase: (() => Promise<void>) | undefined;
const proxies: CountingProxy[] = [];

async function cleanUp() {
  for (const child of children) child.kill("SIGKILL");
  for (const proxy of proxies) await proxy.close().catch(() => {});
  if (dropDatabase) {
    const drop = dropDatabase;
    dropDatabase = undefined;
    await drop().catch((error) => console.error(`could not drop the scratch database: ${error}`));
  }
}
const deadline = setTimeout(async () => {
  console.error(`bench:compare: still running after ${DEADLINE_MS / 1000} s; giving up`);
  await cleanUp();
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}

function ensureInstalled() {
  if (existsSync(join(here, "node_modules/postgraphile/cli.js")) && existsSync(join(here, "node_modules/autocannon"))) return;
  console.log("installing bench/compare's own dependencies (postgraphile, autocannon)…");
  const { status } = spawnSync("npm", ["install", "--prefix", here, "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (status !== 0) throw new Error("npm install --prefix bench/compare failed");
}

/** A one-line progress bar on stderr (the same idea as test/support/progress.ts: what moves, not how long). */
function progressBar(total: number) {
  let done = 0;
  return (label: string) => {
    done++;
    const width = 30;
    const filled = Math.round((Math.min(done, total) / total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label.padEnd(40)}`);
    if (done >= total) process.stderr.write("\n");
  };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as import("node:net").AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function waitFor(url: string, child: ChildProcess, what: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before it answered`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`);
}

/** The node flags of package.json's `start` script, so the benchmark runs what `npm start` runs. */
function startFlags(): string[] {
  const script: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.start;
  const words = script.replace(/^exec\s+/, "").split(/\s+/);
  if (words[0] !== "node") throw new Error(`package.json start script does not run node: ${script}`);
  return words.slice(1, words.indexOf("src/main.ts"));
}

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stop(): Promise<void>;
}

function track(child: ChildProcess, url: string, echo: boolean): Running {
  children.add(child);
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 8_000_000) out = out.slice(-4_000_000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    if (echo) process.stderr.write(chunk);
  });
  return {
    child,
    url,
    stdout: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.once("exit", () => {
          clearTimeout(kill);
          children.delete(child);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

const encryptionKey = randomBytes(32).toString("base64");

async function startOurs(databaseUrl: string, extraFlags: string[] = [], extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags(), ...extraFlags, "src/main.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      SEED_DEMO_DATA: "false",
      // The submitters connect their Instagram account by pasting tokens (no OAuth round trip in a benchmark).
      ALLOW_TOKEN_PASTE: "true",
      ENCRYPTION_KEY: encryptionKey,
      ACCESS_TOKEN_TTL_SECONDS: String(24 * 3600),
      RATE_LIMIT_SIGN_UP_PER_IP: "100000/min",
      RATE_LIMIT_SIGN_UP_PER_EMAIL: "100000/min",
      DATABASE_POOL_SIZE: "10",
      ...extraEnv,
    },
  });
  const running = track(child, `http://127.0.0.1:${port}`, true);
  await waitFor(`${running.url}/health`, child, "this server");
  return running;
}

async function startPostGraphile(databaseUrl: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(here, "node_modules/postgraphile/cli.js"),
      "--connection", databaseUrl,
      "--schema", "public",
      "--host", "127.0.0.1",
      "--port", String(port),
      "--disable-query-log",
      "--max-pool-size", "10",
      "--body-size-limit", "1MB",
    ],
    { cwd: here, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } },
  );
  const running = track(child, `http://127.0.0.1:${port}`, false);
  await waitFor(`${running.url}/graphql`, child, "PostGraphile");
  return running;
}

type Autocannon = (options: Record<string, unknown>) => Promise<any>;
let autocannon: Autocannon;

async function load(server: Running, make: () => Request, dynamic: boolean, seconds: number): Promise<{ rps: number; p50: number; p99: number; requests: number; errors: number; cpuMsPerRequest: number }> {
  const first = make();
  const before = cpuSeconds(server.child.pid!);
  const result = await autocannon({
    url: server.url + first.path,
    connections: CONNECTIONS,
    duration: seconds,
    ...(dynamic
      ? { requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, ...make() }) }] }
      : { method: first.method, headers: first.headers, body: first.body }),
  });
  const cpu = cpuSeconds(server.child.pid!) - before;
  const ok = result["2xx"] as number;
  return {
    rps: ok / (result.duration as number),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: ok,
    errors: (result.non2xx as number) + (result.errors as number),
    cpuMsPerRequest: ok ? (cpu * 1000) / ok : NaN,
  };
}

async function send(server: Running, request: Request): Promise<string> {
  const response = await fetch(server.url + request.path, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${request.method} ${request.path}: ${response.status} ${text.slice(0, 500)}`);
  return text;
}

/**
 * Requests one after another: the statements per request (the proxy's count between them) and the median
 * latency of a request alone, which a loaded machine disturbs less than throughput (the analytics ratios use it).
 */
async function sequential(server: Running, proxy: CountingProxy, make: () => Request): Promise<{ statements: number; bytes: number; sequentialMs: number }> {
  await send(server, make()); // warm: prepared statements, caches
  const counts = new Set<number>();
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const before = proxy.statements;
    const start = performance.now();
    bytes = Buffer.byteLength(await send(server, make()));
    latencies.push(performance.now() - start);
    counts.add(proxy.statements - before);
  }
  // The fewest: the server's background work (the metrics refresher, the webhook dispatcher) goes through the
  // same proxy and can only add to a request's count, never take from it.
  return { statements: Math.min(...counts), bytes, sequentialMs: median(latencies) };
}

/** Bytes allocated by the process between the GCs --trace-gc-nvp printed (sum of growth between collections). */
function allocatedBytes(traceLines: string): number {
  let total = 0;
  let lastAfter: number | undefined;
  for (const line of traceLines.split("\n")) {
    const before = /total_size_before=(\d+)/.exec(line);
    const after = /total_size_after=(\d+)/.exec(line);
    if (!before || !after) continue;
    if (lastAfter !== undefined) total += Math.max(0, Number(before[1]) - lastAfter);
    lastAfter = Number(after[1]);
  }
  return total;
}

/** "dashboard" for the dashboard (the name docs/performance.md cites), else the workload's first words. */
function profileSlug(workload: Workload): string {
  return workload.profiled ? "dashboard" : workload.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40).replace(/-+$/, "");
}

async function profileDashboard(databaseUrl: string, workload: Workload): Promise<Results["profile"]> {
  const dir = mkdtempSync(join(tmpdir(), "varmply-cpuprof-"));
  mkdirSync(join(root, "bench/results"), { recursive: true });
  const heapFile = join(dir, "dashboard.heapprofile");
  const heapFlags = HEAP_PROF ? ["--import", new URL("./heap-sampler.mjs", import.meta.url).href] : [];
  const server = await startOurs(databaseUrl, ["--trace-gc", "--trace-gc-nvp", "--cpu-prof", `--cpu-prof-dir=${dir}`, ...heapFlags], HEAP_PROF ? { HEAP_SAMPLE_FILE: heapFile } : {});
  try {
    for (let i = 0; i < 20; i++) await send(server, workload.ours());
    // A small request allocates too little for 100 of them to span several collections (the count sums the
    // growth between collections): the other workloads are counted over more.
    const requests = workload.profiled ? 100 : 1000;
    const startAt = server.stdout().length;
    for (let i = 0; i < requests; i++) await send(server, workload.ours());
    const allocated = allocatedBytes(server.stdout().slice(startAt));
    // Allocation sites: sampled on requests of their own, after the count above, which the sampler would disturb.
    const heap = HEAP_PROF ? await sampleHeap(server, workload, heapFile, requests) : undefined;
    // Then the CPU profile of the dashboard under load.
    const loaded = await load(server, workload.ours, false, Math.max(5, DURATION));
    await server.stop();
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    const text = file ? readFileSync(join(dir, file), "utf8") : undefined;
    // Kept for Chrome DevTools (Performance → load profile); bench/results/.gitignore leaves it out of git.
    const kept = join(root, "bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}-${profileSlug(workload)}.cpuprofile`);
    if (text) writeFileSync(kept, text);
    const cpu = text ? summariseCpuProfile(JSON.parse(text)) : undefined;
    return {
      workload: workload.name,
      allocatedBytesPerRequest: Math.round(allocated / requests),
      sequentialRequests: requests,
      loadedRps: loaded.rps,
      cpu,
      cpuProfile: text ? kept.slice(root.length) : undefined,
      heap,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sampleHeap(server: Running, workload: Workload, heapFile: string, requests: number): Promise<HeapSummary> {
  const said = async (line: string) => {
    const until = Date.now() + 60_000;
    while (!server.stdout().includes(line)) {
      if (Date.now() > until) throw new Error(`the heap sampler did not say "${line}"`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  server.child.kill("SIGUSR2");
  await said("heap-sampler: started");
  for (let i = 0; i < requests; i++) await send(server, workload.ours());
  server.child.kill("SIGUSR2");
  await said("heap-sampler: written");
  const heap = summariseHeapProfile(JSON.parse(readFileSync(heapFile, "utf8")), requests, root);
  const kept = join(root, "bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}-${profileSlug(workload)}.heapprofile`);
  writeFileSync(kept, readFileSync(heapFile));
  heap.heapProfile = kept.slice(root.length);
  console.log(`allocation sites (${(heap.bytesPerRequest / 1e6).toFixed(1)} MB per request, sampler's estimate):`);
  for (const s of heap.sites) console.log(`  ${(s.bytesPerRequest / 1e3).toFixed(0).padStart(6)} kB  ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.site}`);
  for (const c of heap.categories) console.log(`  ${(c.bytesPerRequest / 1e3).toFixed(0).padStart(6)} kB  ${(c.share * 100).toFixed(1).padStart(5)}%  [${c.category}]`);
  return heap;
}

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main() {
  ensureInstalled();
  const require = createRequire(join(here, "package.json"));
  autocannon = require("autocannon") as Autocannon;
  const started = Date.now();

  console.log(`scratch database on ${SERVER_URL.replace(/\/\/[^@]*@/, "//…@")}`);
  const database = await createScratchDatabase(SERVER_URL, "varmply_bench_compare");
  dropDatabase = database.drop;
  const target = new URL(SERVER_URL);
  const oursProxy = await startCountingProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const pgProxy = await startCountingProxy({ host: target.hostname, port: Number(target.port || 5432) });
  proxies.push(oursProxy, pgProxy);
  const via = (proxy: CountingProxy) => {
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return url.toString();
  };

  // This server migrates the database as it starts; the sign-ups go through it.
  const ours = await startOurs(via(oursProxy));
  const admin = postgres(database.url, { max: 1, onnotice: () => {} });
  let fixtures: Fixtures;
  try {
    const graphql = async (query: string, variables: Record<string, unknown>, token?: string) =>
      JSON.parse(await send(ours, { method: "POST", path: "/graphql", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })).data;
    console.log(`seeding (scale ${SCALE})`);
    fixtures = await seed(admin, graphql, SCALE, progressBar(SEED_STEPS));
  } finally {
    await admin.end();
  }
  console.log(`dataset: ${JSON.stringify(fixtures.counts)}`);
  const seededAt = Date.now();

  const postgraphile = await startPostGraphile(via(pgProxy));
  const list = workloads(fixtures).filter((w) => !ONLY || ONLY.split("|").some((part) => w.name.includes(part)));
  const measurements: Measurement[] = [];
  for (const workload of list) {
    const m: Measurement = { name: workload.name, ours: { rounds: [] }, postgraphile: workload.postgraphile ? { rounds: [] } : undefined };
    if (!workload.dynamic) {
      Object.assign(m.ours, await sequential(ours, oursProxy, workload.ours));
      if (workload.postgraphile) Object.assign(m.postgraphile!, await sequential(postgraphile, pgProxy, workload.postgraphile));
    }
    measurements.push(m);
  }

  const total = ROUNDS * list.reduce((n, w) => n + (w.postgraphile ? 2 : 1), 0);
  const tick = progressBar(total);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, workload] of list.entries()) {
      const m = measurements[i]!;
      // Alternate who goes first, so neither always runs on a machine the other just warmed or heated.
      const order = round % 2 === 0 ? (["ours", "postgraphile"] as const) : (["postgraphile", "ours"] as const);
      for (const who of order) {
        const make = who === "ours" ? workload.ours : workload.postgraphile;
        if (!make) continue;
        const server = who === "ours" ? ours : postgraphile;
        const proxy = who === "ours" ? oursProxy : pgProxy;
        const statementsBefore = proxy.statements;
        const result = await load(server, make, workload.dynamic === true, DURATION);
        const statements = result.requests ? (proxy.statements - statementsBefore) / result.requests : NaN;
        m[who]!.rounds.push({ ...result, statementsUnderLoad: statements });
        tick(`${workload.name.slice(0, 28)} · ${who}`);
      }
    }
  }
  for (const m of measurements) {
    for (const side of [m.ours, m.postgraphile]) {
      if (!side) continue;
      side.rps = median(side.rounds.map((r) => r.rps));
      side.cpuMsPerRequest = median(side.rounds.map((r) => r.cpuMsPerRequest));
      side.p50 = median(side.rounds.map((r) => r.p50));
      side.errors = side.rounds.reduce((n, r) => n + r.errors, 0);
      side.statements ??= median(side.rounds.map((r) => r.statementsUnderLoad));
    }
  }

  await postgraphile.stop();
  await ours.stop();
  const dashboard = list.find((w) => (PROFILE_WORKLOAD ? w.name.includes(PROFILE_WORKLOAD) : w.profiled));
  console.log(`profiling ${dashboard?.name ?? "nothing"} (allocations, CPU profile)`);
  const profile = dashboard
    ? await profileDashboard(via(oursProxy), dashboard).catch((error) => {
        console.error(`the dashboard profile failed (the results are written without it): ${error}`);
        return undefined;
      })
    : undefined;

  const results: Results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import("node:os")).cpus().length, postgres: await serverVersion() },
    options: { scale: SCALE, rounds: ROUNDS, durationSeconds: DURATION, connections: CONNECTIONS, startFlags: startFlags() },
    dataset: fixtures.counts,
    seedSeconds: Math.round((seededAt - started) / 100) / 10,
    measurements,
    profile,
  };
  mkdirSync(join(root, "bench/results"), { recursive: true });
  const file = join(root, "bench/results", `${results.date.slice(0, 19).replace(/:/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  if (NO_REPORT) {
    console.log(`\nwrote ${file.slice(root.length)} (--no-report: docs/performance.md left as it is)`);
    console.log(table(results, file.slice(root.length)));
    return;
  }
  writeReport(root, results, file.slice(root.length));
  console.log(`\nwrote ${file.slice(root.length)}, docs/performance.md and docs/performance-ratios.svg`);
}

async function serverVersion(): Promise<string> {
  const client = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    const [{ server_version }] = await client<{ server_version: string }[]>`show server_version`;
    return server_version;
  } finally {
    await client.end();
  }
}

try {
  // `--report bench/results/<date>.json` writes docs/performance.md's results and the chart again from a run.
  const report = option("report", "");
  if (report) writeReport(root, JSON.parse(readFileSync(join(root, report), "utf8")) as Results, report.replace(/^\//, ""));
  else await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
