// The executable schema, built from every module's resolvers. `npm run schema:emit` writes its SDL to
// schema/schema.graphql, and a test fails when that file is out of date. The GraphQL endpoint sits above
// every module (docs/architecture.md, "Module dependencies"): no module imports from src/graphql/.
import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AuthResolver } from "../auth/auth.resolver.js";
import { authChecker } from "../auth/auth-checker.js";
import { CampaignResolver, CampaignTaskResolver } from "../campaigns/campaign.resolver.js";
import { NodeResolver } from "../node/node.resolver.js";
import { CampaignParticipationsResolver, ParticipationResolver } from "../participations/participation.resolver.js";
import { SocialAccountResolver, UserSocialAccountsResolver } from "../social-accounts/social-account.resolver.js";
import { ParticipationSubmissionsResolver, SubmissionResolver } from "../submissions/submission.resolver.js";
import { AuthPayloadUserResolver, UserResolver } from "../users/user.resolver.js";
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
import { BoundedDateTime } from "../shared/scalars.js";

let schema: Promise<GraphQLSchema> | undefined;

export function getSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      AuthPayloadUserResolver,
      SocialAccountResolver,
      UserSocialAccountsResolver,
      CampaignResolver,
      CampaignTaskResolver,
      ParticipationResolver,
      CampaignParticipationsResolver,
      SubmissionResolver,
      ParticipationSubmissionsResolver,
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
    // @Authorized role rules; a denial throws UNAUTHORIZED or PERMISSION_DENIED (src/auth/auth-checker.ts).
    authChecker,
    validate: false,
  });
  return schema;
}
