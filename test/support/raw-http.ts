// HTTP spoken byte by byte over a plain socket: for clients fetch cannot imitate (a body trickled one byte at
// a time, headers that never end, a connection left idle).
import { connect, type Socket } from "node:net";
import { expect } from "vitest";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: Socket;
  /** Everything the server sent until it closed the connection. */
  closed: Promise<string>;
  write(data: string): void;
}

/** Opens a connection to `baseUrl`'s host and port; `closed` resolves when the server ends it. */
export async function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => {
    // A reset after the server's answer (we were still sending) still leaves what it sent readable.
    socket.on("error", () => {});
    socket.once("close", () => resolve(received));
  });
  return { socket, closed, write: (data) => void (socket.writable && socket.write(data)) };
}

/** Parses one HTTP/1.1 response (the first, if more followed). */
export function parseRawResponse(text: string): RawResponse {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  const length = Number(headers["content-length"] ?? text.length - end - 4);
  return { status: Number(statusLine!.split(" ")[1]), headers, body: text.slice(end + 4, end + 4 + length) };
}

/**
 * An error answer in the documented shape of `path`'s family (GraphQL, legacy `/api/`, Varmply REST), with
 * `code`, and an X-Request-ID header that the REST bodies repeat.
 */
export function expectErrorShape(path: string, response: { status: number; requestIdHeader: string | null; body: any }, status: number, code: string): void {
  const context = JSON.stringify(response);
  expect(response.status, context).toBe(status);
  expect(response.requestIdHeader, context).toMatch(/^[\w.:-]{1,128}$/);
  if (path.startsWith("/graphql")) {
    expect(response.body.errors?.[0]?.extensions?.code, context).toBe(code);
    expect(typeof response.body.errors[0].message).toBe("string");
  } else if (path.startsWith("/api/")) {
    expect(response.body, context).toMatchObject({ status: "error", error: code, requestId: response.requestIdHeader });
  } else {
    expect(response.body, context).toMatchObject({ error: code, requestId: response.requestIdHeader });
    expect(typeof response.body.message).toBe("string");
    expect(response.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  }
}
