// Who is asking, and the one result shape of every ownership rule. Role rules ("signed in", "INFLUENCER
// only") are declared on resolvers with @Authorized and decided in auth-checker.ts; rules about one object
// live in that entity's access module (<module>/<entity>.access.ts) and answer an access level.
import type { Context, Viewer } from "../context.js";
import { NotFound, PermissionDenied, Unauthorized } from "../shared/errors.js";
import { legacyIdOf } from "../shared/ids.js";

/**
 * The viewer's access to one object. "none" means the object does not exist for them: NOT_FOUND, so that
 * its existence does not leak (except by a legacy integer key: `requireVisibleRow`). Every other level means visible; which levels may do what is the
 * entity's rule (for a campaign "read" | "manage", for a participation "influencer" | "owner").
 */
export type AccessLevel = string;

export function requireViewer(context: Pick<Context, "viewer">): Viewer {
  if (!context.viewer) throw Unauthorized();
  return context.viewer;
}

export const isAdmin = (viewer: Viewer | null): boolean => viewer?.role === "ADMIN";

/** NOT_FOUND (`what` `id` was not found) unless the object is visible. */
export function requireVisible<L extends AccessLevel>(level: L, what: string, id: string): Exclude<L, "none"> {
  if (level === "none") throw NotFound(what, id);
  return level as Exclude<L, "none">;
}

/** PERMISSION_DENIED with `message` unless the (visible) object grants one of `allowed`. */
export function requireAllowed<L extends AccessLevel>(level: L, allowed: readonly L[], message: string): void {
  if (!allowed.includes(level)) throw PermissionDenied(message);
}

/**
 * `requireVisible` for a row looked up by the id the client sent (`row` absent: there is none). A row the
 * client named by its legacy integer key that exists but is not visible is PERMISSION_DENIED: those keys
 * count up, so hiding that the row exists protects nothing, and the legacy API answers 403 for another
 * advertiser's campaign or task. Named by its public id, it stays NOT_FOUND.
 */
export function requireVisibleRow<L extends AccessLevel>(row: object | null | undefined, level: L, what: string, id: string): Exclude<L, "none"> {
  if (row && level === "none" && legacyIdOf(id) !== undefined) throw PermissionDenied(`${what} ${id} is not the caller's`);
  return requireVisible(row ? level : ("none" as L), what, id);
}
