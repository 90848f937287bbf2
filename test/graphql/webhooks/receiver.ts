// A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request, checks its
// signature with the secret registered for its path (as docs/webhooks.md tells receivers to), and answers
// what the test asks for.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../../src/webhooks/signature.js";

export interface Received {
  path: string;
  webhookId: string;
  timestamp: string;
  signature: string;
  contentType: string;
  body: string;
  payload: { id: string; type: string; createdAt: string; data: Record<string, any> };
  /** The signature matched the path's secret. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
}

/** Answers the status for the n-th request (1-based) to a path; may wait before answering. */
export type Responder = (request: { n: number; webhookId: string }) => number | Promise<number>;

export interface Receiver {
  url(path: string): string;
  received: Received[];
  /** Requests to `path`, in arrival order (optionally of one event type). */
  at(path: string, type?: string): Received[];
  setSecret(path: string, secret: string): void;
  respond(path: string, responder: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const responders = new Map<string, Responder>();
  const counts = new Map<string, number>();

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = request.url ?? "/";
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const header = (name: string) => String(request.headers[name] ?? "");
    const secret = secrets.get(path);
    const status = await (responders.get(path) ?? (() => 200))({ n, webhookId: header("webhook-id") });
    received.push({
      path,
      webhookId: header("webhook-id"),
      timestamp: header("webhook-timestamp"),
      signature: header("webhook-signature"),
      contentType: header("content-type"),
      body,
      payload: JSON.parse(body),
      verified: secret !== undefined && verifySignature(secret, header("webhook-signature"), body),
      status,
    });
    response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path, type) => received.filter((entry) => entry.path === path && (type === undefined || entry.payload.type === type)),
    setSecret: (path, secret) => void secrets.set(path, secret),
    respond: (path, responder) => void responders.set(path, responder),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
