// Documents that do not change while the process runs (/openapi.json, the /docs and /graphiql pages, the
// vendored assets they load): served with a strong ETag per encoding, conditional GET (304), a Cache-Control
// chosen by the caller, and brotli or gzip compressed once per process rather than once per request.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { COMPRESSION_THRESHOLD_BYTES } from "./compression.js";

/** Revalidate on every use: the document may change with a deployment, its ETag says whether it did. */
export const REVALIDATE = "no-cache";
/** For URLs that name the version of what they serve: a new version gets a new URL. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

type ContentCoding = "br" | "gzip";
/** In the server's order of preference, which decides between codings the client accepts equally. */
const CODINGS: readonly ContentCoding[] = ["br", "gzip"];

const compressors: Record<ContentCoding, (body: Buffer) => Promise<Buffer>> = {
  // Compressed once per process, so a higher level than per-answer compression can afford (quality 11 would
  // take seconds on the GraphiQL bundle for a few percent).
  br: (body) => promisify(brotliCompress)(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

export interface StaticDocumentOptions {
  contentType: string;
  cacheControl: string;
  /** Extra headers for the answer, e.g. a Content-Security-Policy for a page. */
  headers?: Record<string, string>;
}

export class StaticDocument {
  readonly body: Buffer;
  /** The identity representation's entity tag (quoted); the compressed ones append their coding. */
  readonly etag: string;
  private readonly compressed = new Map<ContentCoding, Promise<Buffer>>();

  constructor(
    body: Buffer | string,
    readonly options: StaticDocumentOptions,
  ) {
    this.body = typeof body === "string" ? Buffer.from(body) : body;
    this.etag = `"${createHash("sha256").update(this.body).digest("base64url").slice(0, 27)}"`;
  }

  etagFor(coding: ContentCoding | "identity"): string {
    return coding === "identity" ? this.etag : `${this.etag.slice(0, -1)}-${coding}"`;
  }

  /** The body in `coding`, compressed on first use (off the event loop) and kept. */
  bodyIn(coding: ContentCoding): Promise<Buffer> {
    let body = this.compressed.get(coding);
    if (!body) {
      body = compressors[coding](this.body);
      this.compressed.set(coding, body);
      // A failure is not kept: the next request tries again.
      body.catch(() => this.compressed.delete(coding));
    }
    return body;
  }
}

/**
 * The coding to answer in, given an Accept-Encoding header (RFC 9110 §12.5.3): the most preferred (q) of
 * br and gzip, ties broken by ours; identity when the client names neither (nor `*`) with q > 0.
 */
export function negotiateContentCoding(acceptEncoding: string | undefined): ContentCoding | "identity" {
  if (!acceptEncoding) return "identity";
  const weights = new Map<string, number>();
  for (const entry of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...parameters] = entry.split(";").map((part) => part.trim());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === "x-gzip" ? "gzip" : name, Number.isFinite(weight) ? weight : 0);
  }
  let chosen: ContentCoding | "identity" = "identity";
  let best = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get("*") ?? 0;
    if (weight > best) [chosen, best] = [coding, weight];
  }
  return chosen;
}

/** Whether If-None-Match names `etag` (weak comparison, as RFC 9110 §13.1.2 asks for GET), or is `*`. */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** Answers `request` with `document`: 304 when the client's copy is current, else the body in the best coding it accepts. */
export async function sendStaticDocument(request: FastifyRequest, reply: FastifyReply, document: StaticDocument): Promise<FastifyReply> {
  const accepted = negotiateContentCoding(request.headers["accept-encoding"]);
  const coding = document.body.length < COMPRESSION_THRESHOLD_BYTES ? "identity" : accepted;
  const etag = document.etagFor(coding);
  reply.headers({ ...document.options.headers, etag, "cache-control": document.options.cacheControl });
  // Added to, not replaced: CORS varies the answer by Origin too.
  const vary = reply.getHeader("vary");
  reply.header("vary", vary ? `${String(vary)}, accept-encoding` : "accept-encoding");
  if (ifNoneMatchHits(request.headers["if-none-match"], etag)) return reply.code(304).send();
  reply.type(document.options.contentType);
  if (coding === "identity") return reply.send(document.body);
  const body = await document.bodyIn(coding);
  return reply.header("content-encoding", coding).send(body);
}

/** GET (and HEAD) `path` answered with `document`; the server-wide compression leaves it alone (it is compressed already). */
export function serveStaticDocument(fastify: FastifyInstance, path: string, document: StaticDocument): void {
  fastify.get(path, { compress: false }, (request, reply) => sendStaticDocument(request, reply, document));
}

/** A file of an installed npm package, and the URL path segment that names its version (`graphiql@3.8.3`). */
export function packageFile(packageName: string, file: string): { body: Buffer; versionedName: string } {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { version } = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string };
  return { body: readFileSync(join(dirname(manifestPath), file)), versionedName: `${packageName}@${version}/${file}` };
}
