// Network approval: an influencer whose profile cannot be connected through the platform asks an admin to
// approve it by hand; an approved profile counts as a connected account of that platform when a submission's
// eligibility is decided (src/submissions/submission.service.ts, INTEGRATION_NOT_ELIGIBLE).
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer, requireVisible } from "../auth/access.js";
import { Conflict, ValidationFailed } from "../shared/errors.js";
import { newPublicId } from "../shared/ids.js";
import { graphqlEnum, Platform } from "../shared/enums.js";
import type { Executor } from "../db/client.js";
import { networkApprovals, networkApprovalStatus } from "../../schema/tables.js";
import { User } from "../users/user.type.js";
import type { UserRole } from "../shared/enums.js";

export type NetworkApprovalRow = typeof networkApprovals.$inferSelect;
type NetworkApprovalStatusValue = (typeof networkApprovalStatus.enumValues)[number];

const NetworkApprovalStatus = graphqlEnum(networkApprovalStatus.enumValues, "NetworkApprovalStatus", "Where a network approval request stands.");

@ObjectType("NetworkApproval", { description: "An influencer's request to have a network profile approved by an admin." })
export class NetworkApproval {
  @Field(() => ID, { name: "id" }) publicId!: string;
  @Field(() => Platform) platform!: Platform;
  @Field(() => String, { description: "The profile's id on the platform." }) externalAccountId!: string;
  @Field(() => String) profileUrl!: string;
  @Field(() => NetworkApprovalStatus) status!: NetworkApprovalStatusValue;
  @Field(() => String, { nullable: true, description: "Why it was refused." }) reason!: string | null;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  userId!: number;
}

@InputType("RequestNetworkApprovalInput")
export class RequestNetworkApprovalInput {
  @Field(() => Platform) platform!: Platform;
  @Field(() => String, { description: "The profile's id on the platform." }) externalAccountId!: string;
  @Field(() => String, { description: "The profile's http(s) URL." }) profileUrl!: string;
}

@ObjectType("NetworkApprovalPayload")
export class NetworkApprovalPayload {
  @Field(() => NetworkApproval) networkApproval!: NetworkApprovalRow;
}

/** Whether the user has an approved profile on the platform (a connected account for eligibility). */
export async function hasApprovedNetwork(db: Executor, userId: number, platform: Platform): Promise<boolean> {
  const [row] = await db
    .select({ id: networkApprovals.id })
    .from(networkApprovals)
    .where(and(eq(networkApprovals.userId, userId), eq(networkApprovals.platform, platform), eq(networkApprovals.status, "APPROVED")))
    .limit(1);
  return row !== undefined;
}

function checkedRequest(input: RequestNetworkApprovalInput) {
  const externalAccountId = input.externalAccountId.trim();
  const profileUrl = input.profileUrl.trim();
  const errors: Record<string, string> = {};
  if (!externalAccountId || externalAccountId.length > 200) errors.externalAccountId = "must be 1 to 200 characters";
  let url: URL | undefined;
  try {
    url = new URL(profileUrl);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || profileUrl.length > 2_000) errors.profileUrl = "must be an http(s) URL";
  if (Object.keys(errors).length) throw ValidationFailed("The network approval request is not valid", errors);
  return { externalAccountId, profileUrl };
}

/** One row per user, platform and profile id: asking again while pending or approved changes nothing; after a refusal it asks anew. */
export async function requestNetworkApproval(context: Context, input: RequestNetworkApprovalInput): Promise<NetworkApprovalRow> {
  const viewer = requireViewer(context);
  const { externalAccountId, profileUrl } = checkedRequest(input);
  const [row] = await context.db
    .insert(networkApprovals)
    .values({ publicId: newPublicId("approval"), userId: viewer.id, platform: input.platform, externalAccountId, profileUrl })
    .onConflictDoUpdate({
      target: [networkApprovals.userId, networkApprovals.platform, networkApprovals.externalAccountId],
      set: {
        status: sql`case when ${networkApprovals.status} = 'REFUSED' then 'PENDING'::network_approval_status else ${networkApprovals.status} end`,
        profileUrl: sql`case when ${networkApprovals.status} = 'REFUSED' then excluded.profile_url else ${networkApprovals.profileUrl} end`,
        reason: sql`case when ${networkApprovals.status} = 'REFUSED' then null else ${networkApprovals.reason} end`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

/** A pending request becomes APPROVED or REFUSED; reviewing it again the same way answers it unchanged, the other way is CONFLICT. */
export async function reviewNetworkApproval(context: Context, id: string, approve: boolean, reason: string | null): Promise<NetworkApprovalRow> {
  const viewer = requireViewer(context);
  const [current] = await context.db.select().from(networkApprovals).where(eq(networkApprovals.publicId, id));
  requireVisible(current ? "read" : "none", "NetworkApproval", id);
  const status = approve ? "APPROVED" : "REFUSED";
  if (current!.status === status) return current!;
  if (current!.status !== "PENDING") throw Conflict(`The request is already ${current!.status}`, { from: current!.status, to: status });
  if (reason !== null && reason.length > 1_000) throw ValidationFailed("The reason is too long", { reason: "at most 1000 characters" });
  const [updated] = await context.db
    .update(networkApprovals)
    .set({ status, reason: approve ? null : reason, reviewedById: viewer.id, reviewedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(networkApprovals.id, current!.id), eq(networkApprovals.status, "PENDING")))
    .returning();
  if (!updated) throw Conflict("The request was reviewed meanwhile");
  return updated;
}

@Resolver(() => NetworkApproval)
export class NetworkApprovalResolver {
  @Authorized<UserRole>("INFLUENCER")
  @Mutation(() => NetworkApprovalPayload, { description: "Influencer: asks an admin to approve a network profile it could not connect." })
  async requestNetworkApproval(@Arg("input", () => RequestNetworkApprovalInput) input: RequestNetworkApprovalInput, @Ctx() context: Context) {
    return { networkApproval: await requestNetworkApproval(context, input) };
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => NetworkApprovalPayload, { description: "Admin: approves or refuses a pending request; an approved profile makes its user eligible on that platform." })
  async reviewNetworkApproval(
    @Arg("id", () => ID) id: string,
    @Arg("approve", () => Boolean) approve: boolean,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() context: Context,
  ) {
    return { networkApproval: await reviewNetworkApproval(context, id, approve, reason ?? null) };
  }

  @Authorized<UserRole>("ADMIN")
  @Query(() => [NetworkApproval], { description: "Admin: network approval requests in one status (PENDING by default), oldest first, at most 100." })
  networkApprovals(
    @Arg("status", () => NetworkApprovalStatus, { defaultValue: "PENDING" }) status: NetworkApprovalStatusValue,
    @Ctx() context: Context,
  ) {
    return context.db.select().from(networkApprovals).where(eq(networkApprovals.status, status)).orderBy(networkApprovals.id).limit(100);
  }

  @FieldResolver(() => User, { description: "Who asked." })
  user(@Root() approval: NetworkApprovalRow, @Ctx() context: Context) {
    return context.loaders.users.byId.load(approval.userId);
  }

  @Authorized()
  @Query(() => [NetworkApproval], { description: "The viewer's own network approval requests, newest first." })
  myNetworkApprovals(@Ctx() context: Context) {
    const viewer = requireViewer(context);
    return context.db.select().from(networkApprovals).where(eq(networkApprovals.userId, viewer.id)).orderBy(desc(networkApprovals.id)).limit(100);
  }
}
