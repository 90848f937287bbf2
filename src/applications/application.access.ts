// Applications are the administrators' (the resolver class is ADMIN only): access is only "does it exist".
import type { Context } from "../context.js";
import { requireVisible } from "../auth/access.js";
import { ValidationFailed } from "../shared/errors.js";
import { isPublicId, legacyIdOf } from "../shared/ids.js";
import type { ApplicationRow } from "./application.type.js";

/** An application by its id or its legacy integer key, or NOT_FOUND. */
export async function getApplication(context: Context, id: string): Promise<ApplicationRow> {
  const legacyId = legacyIdOf(id);
  if (legacyId === undefined && !isPublicId(id, "app")) throw ValidationFailed("id is not an application id", { id: "malformed application id" });
  const row = await (legacyId !== undefined ? context.loaders.applications.byId.load(legacyId) : context.loaders.applications.byPublicId.load(id));
  requireVisible(row ? "manage" : "none", "Application", id);
  return row!;
}
