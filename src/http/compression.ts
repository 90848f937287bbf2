// Compression of answers built per request (GraphQL results, REST bodies): brotli or gzip, by the client's
// Accept-Encoding, for bodies of 1 KiB and more. Static documents compress themselves once
// (./static-document.ts) and opt out per route.
import compress from "@fastify/compress";
import type { FastifyInstance } from "fastify";

/** Smaller bodies are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Register before any route: the plugin attaches itself to the routes added after it. */
export async function registerCompression(fastify: FastifyInstance): Promise<void> {
  await fastify.register(compress, {
    encodings: ["br", "gzip"],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    // Brotli runs at the plugin's quality 4: zlib's default (11) costs far more CPU per answer than it saves.
    // Compressed request bodies are not inflated, as before: no client of ours sends them, and inflating is
    // work whose size the sender chooses.
    globalDecompression: false,
  });
}
