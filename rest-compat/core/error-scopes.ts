// Which error body answers for a URL when no route is there to say: an error Node's HTTP parser or a
// timer raises on a connection (a request trickled past the request timeout), or one Fastify's router
// raises before any hook runs (a broken %-escape). Every scope that renders errors its own way (each REST
// dialect, and /graphql) registers here with its prefix as it is mounted, so the answer is the same one its
// own error handler would give; the longest matching prefix wins.
import type { RestError } from "./failure.js";

export type ErrorBody = (error: RestError, requestId: string) => unknown;

export class ErrorScopes {
  private scopes: { prefix: string; body: ErrorBody }[] = [];

  add(prefix: string, body: ErrorBody): void {
    if (this.scopes.some((scope) => scope.prefix === prefix)) throw new Error(`rest-compat: two scopes claim the prefix "${prefix}"`);
    this.scopes = [...this.scopes, { prefix, body }].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The body the scope that owns `url` gives `error`. */
  bodyFor(url: string, error: RestError, requestId: string): unknown {
    const path = url.split("?")[0]!;
    const scope = this.scopes.find(({ prefix }) => prefix === "" || path === prefix || path.startsWith(`${prefix}/`));
    if (!scope) throw new Error(`rest-compat: no scope answers for ${path}; mount a dialect without a prefix`);
    return scope.body(error, requestId);
  }
}
