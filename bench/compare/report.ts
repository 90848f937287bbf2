// What bench/compare/run.ts writes: the results' shape, the CPU profile summary, the table in
// docs/performance.md (between its bench:compare markers, the prose around them is kept) and the ratio chart
// docs/performance-ratios.svg (hand-written SVG: no chart dependency).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Round {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  cpuMsPerRequest: number;
  statementsUnderLoad: number;
}

export interface Side {
  rounds: Round[];
  /** Statements per request, counted on sequential requests (or under load for dynamic workloads). */
  statements?: number;
  /** Response size. */
  bytes?: number;
  /** Median latency of a request alone (no other load from the benchmark). */
  sequentialMs?: number;
  rps?: number;
  cpuMsPerRequest?: number;
  p50?: number;
  errors?: number;
}

export interface Measurement {
  name: string;
  ours: Side;
  postgraphile?: Side;
}

export interface CpuSummary {
  busyMs: number;
  /** Self time per category (a package, GC, this repository's code), share of busy time, largest first. */
  categories: { category: string; ms: number; share: number }[];
}

export interface Results {
  date: string;
  machine: { node: string; cpus: number; postgres: string };
  options: { scale: number; rounds: number; durationSeconds: number; connections: number; startFlags: string[] };
  dataset: Record<string, number>;
  seedSeconds: number;
  measurements: Measurement[];
  profile?: {
    workload: string;
    allocatedBytesPerRequest: number;
    sequentialRequests: number;
    loadedRps: number;
    cpu?: CpuSummary;
    /** The raw V8 CPU profile, for Chrome DevTools. */
    cpuProfile?: string;
    /** With `--heap-prof`: where the bytes of the sampled requests were allocated (bench/compare/heap-sampler.mjs). */
    heap?: HeapSummary;
  };
}

export interface HeapSummary {
  requests: number;
  /** The sampler's estimate of all bytes allocated, per request (a cross-check of allocatedBytesPerRequest). */
  bytesPerRequest: number;
  /** Self bytes per request by function (name and place) and by package, largest first. */
  sites: { site: string; bytesPerRequest: number; share: number }[];
  categories: { category: string; bytesPerRequest: number; share: number }[];
  /** The raw sampling heap profile, for Chrome DevTools (Memory → load profile). */
  heapProfile?: string;
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export function summariseHeapProfile(profile: { head: HeapNode }, requests: number, root: string): HeapSummary {
  const sites = new Map<string, number>();
  const categories = new Map<string, number>();
  let total = 0;
  const visit = (node: HeapNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize) {
      total += node.selfSize;
      const place = url ? `${url.replace(/^file:\/\//, "").replace(root, "")}:${lineNumber + 1}` : "native";
      const site = `${functionName || "(anonymous)"} ${place}`;
      sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
      const category = categoryOf(functionName, url) ?? "other";
      categories.set(category, (categories.get(category) ?? 0) + node.selfSize);
    }
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const rank = (entries: Map<string, number>, count: number) =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, bytes]) => ({ name, bytesPerRequest: Math.round(bytes / requests), share: bytes / total }));
  return {
    requests,
    bytesPerRequest: Math.round(total / requests),
    sites: rank(sites, 30).map(({ name, ...rest }) => ({ site: name, ...rest })),
    categories: rank(categories, 14).map(({ name, ...rest }) => ({ category: name, ...rest })),
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function categoryOf(functionName: string, url: string): string | undefined {
  if (functionName === "(idle)") return undefined;
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8 / native (program)";
  // The innermost package (a dependency's own node_modules included).
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (packages.length) return packages[packages.length - 1]![1]!;
  if (url.startsWith("node:")) return "node core (http, streams, net)";
  if (url.includes("/rest-compat/")) return "rest-compat/";
  if (url.includes("/src/")) return "src/ (this API)";
  if (!url) return "native / V8 builtins";
  return "other";
}

export function summariseCpuProfile(profile: CpuProfile): CpuSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    const category = node ? categoryOf(node.callFrame.functionName, node.callFrame.url) : "other";
    if (!category) return;
    busy += delta;
    totals.set(category, (totals.get(category) ?? 0) + delta);
  });
  const categories = [...totals]
    .map(([category, ms]) => ({ category, ms: Math.round(ms), share: ms / busy }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 14);
  return { busyMs: Math.round(busy), categories };
}

const f1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "—" : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined) => (a && b && Number.isFinite(a) && Number.isFinite(b) ? a / b : undefined);
const fx = (n: number | undefined) => (n === undefined ? "—" : `${n.toFixed(2)}×`);

function side(s: Side | undefined): string {
  if (!s) return "—";
  const statements = s.statements === undefined || !Number.isFinite(s.statements) ? "?" : Number.isInteger(s.statements) ? String(s.statements) : s.statements.toFixed(1);
  const errors = s.errors ? `, **${s.errors} errors**` : "";
  const alone = s.sequentialMs === undefined ? "" : `, ${f1(s.sequentialMs)} ms alone`;
  return `${f1(s.rps)} req/s, ${statements} statements, ${f1(s.cpuMsPerRequest)} ms CPU/request, p50 ${f1(s.p50)} ms under load${alone}${errors}`;
}

/** The ratios the chart shows: throughput against PostGraphile, and this API against itself as data grows. */
function ratios(results: Results): { label: string; value: number; target?: number; lowerIsBetter?: boolean }[] {
  const find = (part: string) => results.measurements.find((m) => m.name.includes(part));
  const out: { label: string; value: number; target?: number; lowerIsBetter?: boolean }[] = [];
  for (const m of results.measurements) {
    const value = ratio(m.ours.rps, m.postgraphile?.rps);
    if (value !== undefined) out.push({ label: `${m.name.replace(/ \(.*\)$/, "")} vs PostGraphile`, value, target: m.name.startsWith("brand dashboard") ? 1 : 0.5 });
  }
  const graphqlOne = find("(GraphQL)");
  const restOne = find("REST GET");
  // Cost ratios within this API: CPU per request (REST runs the same operation in the same process) and the
  // latency of a request alone (analytics time is mostly the database's), both steadier than req/s on a busy machine.
  const restCost = ratio(restOne?.ours.cpuMsPerRequest, graphqlOne?.ours.cpuMsPerRequest);
  if (restCost !== undefined) out.push({ label: "REST CPU / same GraphQL operation", value: restCost, target: 1.1, lowerIsBetter: true });
  const s720 = find("720 snapshots");
  const s8760 = find("8,760 snapshots");
  const submissionGrowth = ratio(s8760?.ours.sequentialMs, s720?.ours.sequentialMs);
  if (submissionGrowth !== undefined) out.push({ label: "submissionAnalytics latency, 8,760 / 720 snapshots", value: submissionGrowth, target: 2, lowerIsBetter: true });
  const c100 = find("100 submissions");
  const c1000 = find("1,000 submissions");
  const campaignGrowth = ratio(c1000?.ours.sequentialMs, c100?.ours.sequentialMs);
  if (campaignGrowth !== undefined) out.push({ label: "campaignAnalytics latency, 1,000 / 100 submissions", value: campaignGrowth, target: 2, lowerIsBetter: true });
  return out;
}

function svg(results: Results): string {
  const rows = ratios(results);
  const width = 760;
  const left = 330;
  const barArea = width - left - 70;
  const rowHeight = 28;
  const top = 40;
  const height = top + rows.length * rowHeight + 40;
  const max = Math.max(2, ...rows.map((r) => Math.max(r.value, r.target ?? 0))) * 1.05;
  const x = (value: number) => left + (value / max) * barArea;
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(`bench:compare ${results.date.slice(0, 10)} · scale ${results.options.scale} · ${results.options.connections} connections`)}</text>`,
  ];
  for (let tick = 0; tick <= max; tick += max > 6 ? 2 : 0.5) {
    parts.push(`<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${top + rows.length * rowHeight}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(tick)}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#666">${tick}×</text>`);
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const met = row.target === undefined ? true : row.lowerIsBetter ? row.value <= row.target : row.value >= row.target;
    parts.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end">${esc(row.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 5}" width="${Math.max(1, x(row.value) - left)}" height="${rowHeight - 10}" fill="${met ? "#2f855a" : "#c05621"}"/>`);
    parts.push(`<text x="${x(row.value) + 4}" y="${y + 17}">${row.value.toFixed(2)}×</text>`);
    if (row.target !== undefined) {
      parts.push(`<line x1="${x(row.target)}" y1="${y + 2}" x2="${x(row.target)}" y2="${y + rowHeight - 2}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
    }
  });
  parts.push(
    `<text x="10" y="${height - 8}" fill="#666">${esc("bars: green meets the target (dashed line), orange misses it; throughput ratios: higher is better; cost ratios: lower is better")}</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

export function table(results: Results, file: string): string {
  const lines = [
    `Run of ${results.date} (\`${file}\`): scale ${results.options.scale} (${Object.entries(results.dataset)
      .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
      .join(", ")}), ${results.options.rounds} alternating rounds of ${results.options.durationSeconds} s per workload and server, ` +
      `${results.options.connections} connections, Node ${results.machine.node}, PostgreSQL ${results.machine.postgres}, ${results.machine.cpus} CPUs; ` +
      `this server started with \`node ${results.options.startFlags.join(" ")}\`. Medians of the rounds.`,
    "",
    "| workload | this API | PostGraphile 4.14.1 | ratio (req/s) | ratio (CPU/request, PostGraphile's / ours) |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const m of results.measurements) {
    const rps = m.postgraphile ? `**${fx(ratio(m.ours.rps, m.postgraphile.rps))}**` : "—";
    const cpu = m.postgraphile ? fx(ratio(m.postgraphile.cpuMsPerRequest, m.ours.cpuMsPerRequest)) : "—";
    lines.push(`| ${m.name} | ${side(m.ours)} | ${side(m.postgraphile)} | ${rps} | ${cpu} |`);
  }
  lines.push("", "| ratio | value | target |", "| --- | --- | --- |");
  for (const r of ratios(results)) lines.push(`| ${r.label} | **${fx(r.value)}** | ${r.target === undefined ? "—" : `${r.lowerIsBetter ? "≤" : "≥"} ${r.target}×`} |`);
  if (results.profile) {
    const p = results.profile;
    lines.push(
      "",
      `Dashboard profile (a separate start of this server with \`--trace-gc-nvp --cpu-prof\`): **${(p.allocatedBytesPerRequest / 1e6).toFixed(1)} MB allocated per request** ` +
        `(${p.sequentialRequests} sequential requests), ${f1(p.loadedRps)} req/s under load while profiled.`,
    );
    if (p.cpu) {
      lines.push("", "| CPU self time under load, by where it is spent | share of busy time |", "| --- | --- |");
      for (const c of p.cpu.categories) lines.push(`| ${c.category} | ${(c.share * 100).toFixed(1)}% |`);
    }
    if (p.heap) {
      lines.push(
        "",
        `Allocation sites (\`--heap-prof\`: V8's sampling heap profiler over ${p.heap.requests} sequential requests, freed objects included; ` +
          `${(p.heap.bytesPerRequest / 1e6).toFixed(1)} MB per request by its estimate):`,
        "",
        "| allocated by (self) | per request | share |",
        "| --- | --- | --- |",
      );
      for (const s of p.heap.sites.slice(0, 15)) lines.push(`| \`${s.site}\` | ${(s.bytesPerRequest / 1e3).toFixed(0)} kB | ${(s.share * 100).toFixed(1)}% |`);
    }
  }
  lines.push("", "![ratios](performance-ratios.svg)");
  return lines.join("\n");
}

const BEGIN = "<!-- bench:compare results: begin (written by npm run bench:compare) -->";
const END = "<!-- bench:compare results: end -->";

export function writeReport(root: string, results: Results, file: string): void {
  writeFileSync(join(root, "docs/performance-ratios.svg"), svg(results));
  const doc = join(root, "docs/performance.md");
  const block = `${BEGIN}\n${table(results, file)}\n${END}`;
  const current = existsSync(doc) ? readFileSync(doc, "utf8") : "# Performance\n\n## Latest run\n\n";
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(doc, next);
}
