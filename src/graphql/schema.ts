// The executable schema, built from every module's resolvers. `npm run schema:emit` writes its SDL to
// schema/schema.graphql, and a test fails when that file is out of date.
import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AuthResolver } from "../auth/auth.resolver.js";
import { CampaignResolver, CampaignTaskResolver } from "../campaigns/campaign.resolver.js";
import { NodeResolver } from "../node/node.resolver.js";
import { ParticipationResolver } from "../participations/participation.resolver.js";
import { SocialAccountResolver } from "../social-accounts/social-account.resolver.js";
import { SubmissionResolver } from "../submissions/submission.resolver.js";
import { UserResolver } from "../users/user.resolver.js";
import { MetricsResolver, MetricsSnapshotResolver, SubmissionMetricsResolver } from "../metrics/metrics.resolver.js";
import {
  CampaignWalletResolver,
  LedgerEntryResolver,
  LedgerTransactionResolver,
  ParticipationEarningsResolver,
  UserEarningsResolver,
  WalletResolver,
} from "../wallets/wallet.resolver.js";
import { analyticsResolvers } from "../analytics/analytics.resolver.js";
import { BoundedDateTime } from "./scalars.js";

let schema: Promise<GraphQLSchema> | undefined;

export function getSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      SocialAccountResolver,
      CampaignResolver,
      CampaignTaskResolver,
      ParticipationResolver,
      SubmissionResolver,
      NodeResolver,
      MetricsResolver,
      SubmissionMetricsResolver,
      MetricsSnapshotResolver,
      WalletResolver,
      LedgerEntryResolver,
      LedgerTransactionResolver,
      CampaignWalletResolver,
      ParticipationEarningsResolver,
      UserEarningsResolver,
      ...analyticsResolvers,
    ],
    scalarsMap: [{ type: Date, scalar: BoundedDateTime }],
    validate: false,
  });
  return schema;
}
