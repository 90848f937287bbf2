// Who is asking, and may they: small guards the services call before touching anything.
import type { Context, Viewer } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { PermissionDenied, Unauthorized } from "../shared/errors.js";

export function requireViewer(context: Pick<Context, "viewer">): Viewer {
  if (!context.viewer) throw Unauthorized();
  return context.viewer;
}

export function requireRole(context: Pick<Context, "viewer">, ...roles: UserRole[]): Viewer {
  const viewer = requireViewer(context);
  if (!roles.includes(viewer.role)) {
    throw PermissionDenied(`This needs the role ${roles.join(" or ")}; you are ${viewer.role}`);
  }
  return viewer;
}

export const isAdmin = (viewer: Viewer | null): boolean => viewer?.role === "ADMIN";
