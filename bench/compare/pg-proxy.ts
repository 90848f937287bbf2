// A pass-through TCP proxy in front of PostgreSQL that counts the SQL statements its clients send.
// pg_stat_statements needs `shared_preload_libraries` (a server restart), which a benchmark cannot assume;
// reading the frontend protocol counts the same thing for any client: one per simple Query ('Q') and one per
// Execute ('E') of the extended protocol (postgres.js and node-postgres both use it for parameterised SQL).
import { createServer, connect, type Server, type Socket } from "node:net";

export interface CountingProxy {
  port: number;
  /** Statements sent through the proxy since it started. */
  readonly statements: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Counts 'Q' and 'E' messages in one client's byte stream, across chunk boundaries. */
class FrontendParser {
  private buffered: Buffer = Buffer.alloc(0);
  /** The first message (and the one after an SSL/GSS request) has no type byte. */
  private untyped = true;

  constructor(private readonly count: () => void) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (this.untyped) {
        if (this.buffered.length - at < 8) break;
        const length = this.buffered.readInt32BE(at);
        if (this.buffered.length - at < length) break;
        const code = this.buffered.readInt32BE(at + 4);
        this.untyped = code === SSL_REQUEST || code === GSSENC_REQUEST;
        at += length;
        continue;
      }
      if (this.buffered.length - at < 5) break;
      const type = this.buffered[at];
      const length = this.buffered.readInt32BE(at + 1);
      if (this.buffered.length - at < 1 + length) break;
      if (type === 0x51 /* Q */ || type === 0x45 /* E */) this.count();
      at += 1 + length;
    }
    this.buffered = at === this.buffered.length ? Buffer.alloc(0) : this.buffered.subarray(at);
  }
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let statements = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const parser = new FrontendParser(() => void statements++);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on("data", (chunk: Buffer) => {
      parser.push(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as import("node:net").AddressInfo;
  return {
    port,
    get statements() {
      return statements;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
