// Headless Chromium (Debian's `chromium` package) driven by playwright-core, for tests that use the API as
// a browser does: pages on another origin, the explorer. No browser is ever downloaded.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Whether this machine has Debian's Chromium (.ci/run installs it when missing). */
export const hasChromium = existsSync(CHROMIUM);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export interface StaticSite {
  /** The site's origin, e.g. http://127.0.0.1:41234 (a different origin from the API: another port). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path → HTML) on 127.0.0.1 at a free port: the "dashboard on another origin". */
export async function serveStaticSite(pages: Record<string, string>): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const page = pages[(request.url ?? "/").split("?")[0]!];
    response.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" });
    response.end(page ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
