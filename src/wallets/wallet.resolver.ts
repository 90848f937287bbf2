import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { Campaign, type CampaignRow } from "../campaigns/campaign.type.js";
import { canManageCampaign } from "../campaigns/campaign.access.js";
import { Participation, type ParticipationRow } from "../participations/participation.type.js";
import { User, type UserRow } from "../users/user.type.js";
import { userAccess } from "../users/user.access.js";
import { FundCampaignInput, FundCampaignPayload, PayOutInput, PayOutPayload, RefundCampaignInput, RefundCampaignPayload } from "./wallet.input.js";
import {
  CampaignWallet,
  Earnings,
  LedgerEntry,
  LedgerEntryConnection,
  LedgerTransaction,
  type LedgerEntryRow,
  type LedgerTransactionRef,
} from "./wallet.type.js";
import * as service from "./wallet.service.js";

@Resolver()
export class WalletResolver {
  @Authorized()
  @Mutation(() => FundCampaignPayload, {
    description:
      "Owner or admin: moves money into the campaign's escrow, then releases blocked accruals oldest first. Idempotent by `idempotencyKey`.",
  })
  fundCampaign(@Arg("input", () => FundCampaignInput) input: FundCampaignInput, @Ctx() context: Context) {
    return service.fundCampaign(context, input);
  }

  @Authorized()
  @Mutation(() => PayOutPayload, {
    description: "Owner or admin: pays the campaign's payable earnings (all influencers, or one). Idempotent by `idempotencyKey`.",
  })
  payOut(@Arg("input", () => PayOutInput) input: PayOutInput, @Ctx() context: Context) {
    return service.payOut(context, input);
  }

  @Authorized()
  @Mutation(() => RefundCampaignPayload, {
    description:
      "Owner or admin of a completed or cancelled campaign: returns the unspent escrow to the brand. Idempotent by `idempotencyKey`.",
  })
  refundCampaign(@Arg("input", () => RefundCampaignInput) input: RefundCampaignInput, @Ctx() context: Context) {
    return service.refundCampaign(context, input);
  }

  @Authorized()
  @Query(() => LedgerEntryConnection, {
    description: "A campaign's ledger entries, newest first: all of them for the owner and admins, an influencer's own otherwise.",
    complexity: connectionComplexity,
  })
  async ledgerEntries(@Arg("campaignId", () => ID) campaignId: string, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.ledgerEntries");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listLedgerEntries(context, campaignId, page), page, cursors);
  }
}

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @FieldResolver(() => User, { nullable: true, description: "The influencer whose account this is (influencer accounts only)." })
  influencer(@Root() entry: LedgerEntryRow, @Ctx() context: Context) {
    return entry.userId === null ? null : context.loaders.users.byId.load(entry.userId);
  }
}

@Resolver(() => LedgerTransaction)
export class LedgerTransactionResolver {
  @FieldResolver(() => Campaign, { nullable: true })
  campaign(@Root() transaction: LedgerTransactionRef, @Ctx() context: Context) {
    return transaction.campaignId === null ? null : context.loaders.campaigns.byId.load(transaction.campaignId);
  }
}

@Resolver(() => Campaign)
export class CampaignWalletResolver {
  @FieldResolver(() => CampaignWallet, { nullable: true, description: "The campaign's money; the owner and admins only (null for others)." })
  wallet(@Root() campaign: CampaignRow, @Ctx() context: Context) {
    if (!canManageCampaign(context.viewer, campaign)) return null;
    return context.loaders.wallets.byCampaignId.load(campaign.id);
  }
}

@Resolver(() => Participation)
export class ParticipationEarningsResolver {
  @FieldResolver(() => Earnings, { description: "What the influencer earned in this participation, in the campaign's currency." })
  earnings(@Root() participation: ParticipationRow, @Ctx() context: Context) {
    return context.loaders.wallets.earningsByParticipationId.load(participation.id);
  }
}

@Resolver(() => User)
export class UserEarningsResolver {
  @FieldResolver(() => [Earnings], {
    description: "An influencer's earnings over all campaigns, one entry per currency; the user and admins only (empty for others).",
  })
  earnings(@Root() user: UserRow, @Ctx() context: Context) {
    if (userAccess(context.viewer, user.id) === "none") return [];
    return context.loaders.wallets.earningsByInfluencerId.load(user.id);
  }
}
