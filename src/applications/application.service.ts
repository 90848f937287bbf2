// Registered applications: created, listed, revoked and given new secrets by administrators; their clients
// authenticate at /oauth/token (rest-compat/oauth/). A client secret is 256 random bits, so a SHA-256 of it
// is stored (as for refresh tokens, src/auth/tokens.ts): a slow password hash would add nothing but cost.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import type { Db } from "../db/client.js";
import { requireViewer } from "../auth/access.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import type { Page, PageRequest } from "../shared/connection.js";
import { applications, refreshTokens } from "../../schema/tables.js";
import { getApplication } from "./application.access.js";
import type { ApplicationRow } from "./application.type.js";

export interface ApplicationWithSecret {
  application: ApplicationRow;
  clientSecret: string;
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest();

function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret).toString("hex") };
}

export async function createApplication(context: Context, input: { name: string }): Promise<ApplicationWithSecret> {
  const viewer = requireViewer(context);
  const name = input.name.trim();
  if (!name || name.length > 200) throw ValidationFailed("The application's name is not valid", { name: "must be 1 to 200 characters" });
  const { secret, hash } = newSecret();
  const [application] = await context.db
    .insert(applications)
    .values({
      publicId: newPublicId("app"),
      name,
      // Hex: nothing RFC 6749 §2.3.1 would have to form-encode in an HTTP Basic header.
      clientId: randomBytes(16).toString("hex"),
      clientSecretHash: hash,
      ownerId: viewer.id,
    })
    .returning();
  return { application: application!, clientSecret: secret };
}

/** Every application, newest first. */
export async function listApplications(context: Context, page: PageRequest): Promise<Page<ApplicationRow>> {
  const rows = await context.db
    .select({ application: applications, total: sql<number>`(count(*) over ())::int` })
    .from(applications)
    .where(page.afterId === null ? undefined : sql`${applications.id} < ${page.afterId}`)
    .orderBy(desc(applications.id))
    .limit(page.first + 1);
  const totalCount =
    page.afterId === null ? (rows[0]?.total ?? 0) : ((await context.db.select({ total: sql<number>`count(*)::int` }).from(applications))[0]?.total ?? 0);
  const nodes = rows.slice(0, page.first).map((row) => row.application);
  for (const node of nodes) context.loaders.applications.byId.prime(node.id, node);
  return { nodes, hasNextPage: rows.length > page.first, totalCount };
}

/**
 * Revokes the application: its secret stops authenticating, its access tokens fail on their next request
 * (src/context.ts) and its refresh tokens are spent. Revoking again changes nothing.
 */
export async function revokeApplication(context: Context, id: string): Promise<ApplicationRow> {
  const application = await getApplication(context, id);
  if (application.revokedAt) return application;
  return context.db.transaction(async (tx) => {
    const now = new Date();
    const [revoked] = await tx
      .update(applications)
      .set({ revokedAt: now })
      .where(eq(applications.id, application.id))
      .returning();
    await tx
      .update(refreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(refreshTokens.applicationId, application.id), isNull(refreshTokens.revokedAt)));
    return revoked!;
  });
}

/** A new client secret, shown once; the old one stops authenticating at once. Tokens already issued keep working. */
export async function rotateApplicationSecret(context: Context, id: string): Promise<ApplicationWithSecret> {
  const application = await getApplication(context, id);
  const { secret, hash } = newSecret();
  const [rotated] = await context.db
    .update(applications)
    .set({ clientSecretHash: hash, secretRotatedAt: new Date() })
    .where(and(eq(applications.id, application.id), isNull(applications.revokedAt)))
    .returning();
  if (!rotated) throw Conflict("A revoked application gets no new secret");
  return { application: rotated, clientSecret: secret };
}

const DUMMY_HASH = hashSecret("no such client");

/**
 * The application a client id and secret authenticate, or undefined (unknown, wrong secret or revoked).
 * The hashes are compared in constant time, against a dummy hash for an unknown client.
 */
export async function authenticateClient(db: Db, clientId: string, clientSecret: string): Promise<ApplicationRow | undefined> {
  const [application] = await db.select().from(applications).where(eq(applications.clientId, clientId));
  const expected = application ? Buffer.from(application.clientSecretHash, "hex") : DUMMY_HASH;
  const matches = expected.length === DUMMY_HASH.length && timingSafeEqual(expected, hashSecret(clientSecret));
  return application && matches && !application.revokedAt ? application : undefined;
}
