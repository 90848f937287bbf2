// A strict parser of Prometheus's text exposition format (version 0.0.4), as a scraper reads GET /metrics:
// https://prometheus.io/docs/instrumenting/exposition_formats/. It throws, naming the line, on anything a
// scraper would reject or that breaks the format's rules: a malformed name, label or value, a sample before its
// family's TYPE or outside its family's block, a series twice, a negative counter, histogram buckets that are
// not cumulative or whose +Inf bucket differs from `_count`.

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, `x_count` for a histogram `x`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;

function parseValue(text: string, where: string): number {
  if (text === "NaN") return Number.NaN;
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (!FLOAT.test(text)) throw new Error(`${where}: "${text}" is not a number`);
  return Number(text);
}

/** The family a sample belongs to: a histogram's or summary's suffixed samples belong to the base name. */
function familyOf(sampleName: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const exact = families.get(sampleName);
  if (exact) return exact;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sampleName.endsWith(suffix)) continue;
    const family = families.get(sampleName.slice(0, -suffix.length));
    if (family && (family.type === "histogram" || (family.type === "summary" && suffix !== "_bucket"))) return family;
  }
  return undefined;
}

/** `{a="1",b="x\"y"}` from position `start` (at the `{`): the labels and the position after the `}`. */
function parseLabels(line: string, start: number, where: string): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const skipSpaces = () => {
    while (line[i] === " " || line[i] === "\t") i++;
  };
  skipSpaces();
  while (line[i] !== "}") {
    const nameMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
    if (!nameMatch) throw new Error(`${where}: malformed label name at column ${i + 1}`);
    const name = nameMatch[0];
    i += name.length;
    skipSpaces();
    if (line[i] !== "=") throw new Error(`${where}: expected = after label ${name}`);
    i++;
    skipSpaces();
    if (line[i] !== '"') throw new Error(`${where}: label ${name}'s value is not quoted`);
    i++;
    let value = "";
    for (;;) {
      const char = line[i];
      if (char === undefined) throw new Error(`${where}: unterminated value of label ${name}`);
      i++;
      if (char === '"') break;
      if (char === "\\") {
        const escaped = line[i++];
        if (escaped === "\\") value += "\\";
        else if (escaped === '"') value += '"';
        else if (escaped === "n") value += "\n";
        else throw new Error(`${where}: invalid escape \\${escaped ?? ""} in label ${name}`);
      } else value += char;
    }
    if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new Error(`${where}: reserved or invalid label name ${name}`);
    if (name in labels) throw new Error(`${where}: label ${name} given twice`);
    labels[name] = value;
    skipSpaces();
    if (line[i] === ",") {
      i++;
      skipSpaces();
    } else if (line[i] !== "}") throw new Error(`${where}: expected , or } after label ${name}`);
  }
  return { labels, end: i + 1 };
}

const seriesKey = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(",")}}`;

function checkHistogram(family: MetricFamily): void {
  // Group the samples by their labels without `le`.
  const groups = new Map<string, { buckets: { le: number; value: number }[]; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = seriesKey("", rest);
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      group.buckets.push({ le: parseValue(le, `${family.name} le`), value: sample.value });
    } else if (sample.name === `${family.name}_count`) group.count = sample.value;
    else if (sample.name === `${family.name}_sum`) group.sum = sample.value;
    else throw new Error(`${family.name}: unexpected sample ${sample.name} in a histogram`);
  }
  for (const [key, group] of groups) {
    const where = `${family.name}${key}`;
    if (group.count === undefined || group.sum === undefined) throw new Error(`${where}: _count or _sum missing`);
    const last = group.buckets[group.buckets.length - 1];
    if (!last || last.le !== Number.POSITIVE_INFINITY) throw new Error(`${where}: no +Inf bucket`);
    for (let n = 1; n < group.buckets.length; n++) {
      if (!(group.buckets[n]!.le > group.buckets[n - 1]!.le)) throw new Error(`${where}: bucket bounds not increasing`);
      if (group.buckets[n]!.value < group.buckets[n - 1]!.value) throw new Error(`${where}: buckets not cumulative`);
    }
    if (last.value !== group.count) throw new Error(`${where}: +Inf bucket ${last.value} differs from _count ${group.count}`);
  }
}

/** Parses an exposition; throws on the first violation of the format. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const series = new Set<string>();
  const closed = new Set<string>();
  let current: MetricFamily | undefined;
  if (text !== "" && !text.endsWith("\n")) throw new Error("the exposition does not end with a line feed");
  const lines = text.split("\n");
  lines.pop();
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const match = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!match) return; // a plain comment
      const [, keyword, name, rest = ""] = match as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: invalid metric name ${name}`);
      let family = families.get(name);
      if (family && closed.has(name)) throw new Error(`${where}: ${name} appears twice`);
      if (family && family.samples.length > 0) throw new Error(`${where}: ${keyword} for ${name} after its samples`);
      if (!family) {
        family = { name, type: "untyped", samples: [] };
        families.set(name, family);
      }
      if (current && current !== family) closed.add(current.name);
      current = family;
      if (keyword === "TYPE") {
        if (!TYPES.has(rest.trim() as MetricType)) throw new Error(`${where}: unknown type "${rest}"`);
        if ((family as { typed?: boolean }).typed) throw new Error(`${where}: a second TYPE for ${name}`);
        family.type = rest.trim() as MetricType;
        (family as { typed?: boolean }).typed = true;
      } else {
        if (family.help !== undefined) throw new Error(`${where}: a second HELP for ${name}`);
        family.help = rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
      }
      return;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nameMatch) throw new Error(`${where}: malformed sample "${line}"`);
    const name = nameMatch[0];
    let position = name.length;
    let labels: Record<string, string> = {};
    if (line[position] === "{") ({ labels, end: position } = parseLabels(line, position, where));
    const fields = line.slice(position).trim().split(/[ \t]+/);
    if (line[position] !== " " && line[position] !== "\t") throw new Error(`${where}: no space before the value`);
    if (fields.length < 1 || fields.length > 2 || fields[0] === "") throw new Error(`${where}: expected a value and an optional timestamp`);
    const value = parseValue(fields[0]!, where);
    if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) throw new Error(`${where}: malformed timestamp ${fields[1]}`);
    let family = familyOf(name, families);
    if (!family) {
      // A sample without TYPE is untyped, a family of its own.
      family = { name, type: "untyped", samples: [] };
      families.set(name, family);
    }
    if (current !== family) {
      if (current) closed.add(current.name);
      if (closed.has(family.name)) throw new Error(`${where}: samples of ${family.name} are not together`);
      current = family;
    }
    const key = seriesKey(name, labels);
    if (series.has(key)) throw new Error(`${where}: series ${key} given twice`);
    series.add(key);
    if (family.type === "counter" && !(value >= 0)) throw new Error(`${where}: counter ${name} is ${value}`);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = [...families.values()]
    .flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}
