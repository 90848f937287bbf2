// The role rules declared with @Authorized: `@Authorized()` needs a signed-in viewer, `@Authorized("BRAND",
// "ADMIN")` one of those roles. It throws our own errors instead of answering false, so a denial reads as
// every other one (UNAUTHORIZED when signed out, PERMISSION_DENIED otherwise) on /graphql and REST alike.
import type { AuthCheckerFn } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { PermissionDenied } from "../shared/errors.js";
import { requireViewer } from "./access.js";

export const authChecker: AuthCheckerFn<Context, UserRole> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  if (roles.length > 0 && !roles.includes(viewer.role)) {
    throw PermissionDenied(`This needs the role ${roles.join(" or ")}; you are ${viewer.role}`);
  }
  return true;
};
