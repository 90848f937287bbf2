// GET /connect/{platform}/callback: where the platforms send the browser back (connection.service.ts).
import type { FastifyInstance } from "fastify";
import type { App } from "../context.js";
import { completeSocialConnection, platformOfSlug, type CallbackQuery } from "./connection.service.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function registerConnectRoutes(fastify: FastifyInstance, app: App): void {
  fastify.get<{ Params: { platform: string }; Querystring: Record<string, unknown> }>("/connect/:platform/callback", async (request, reply) => {
    const field = (name: string) => (typeof request.query[name] === "string" ? (request.query[name] as string) : undefined);
    const query: CallbackQuery = { code: field("code"), state: field("state"), error: field("error") };
    const answer = await completeSocialConnection(app, platformOfSlug(request.params.platform), query);
    reply.header("cache-control", "no-store");
    // The code and state are in this URL: keep it out of the next page's Referer.
    reply.header("referrer-policy", "no-referrer");
    if (answer.kind === "redirect") return reply.redirect(answer.location, 302);
    // No trusted place to send the browser to: say so here, as a page for browsers and JSON for the rest.
    reply.code(answer.status);
    if (String(request.headers.accept ?? "").includes("text/html")) {
      return reply
        .type("text/html; charset=utf-8")
        .send(`<!doctype html><title>Connection failed</title><h1>Connection failed</h1><p>${escapeHtml(answer.message)}</p>`);
    }
    return { status: "error", error: answer.error, message: answer.message };
  });
}
