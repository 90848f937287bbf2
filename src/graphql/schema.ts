// The executable schema, built from every module's resolvers. `npm run schema:emit` writes its SDL to
// schema/schema.graphql, and a test fails when that file is out of date. The GraphQL endpoint sits above
// every module (docs/architecture.md, "Module dependencies"): no module imports from src/graphql/.
import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AuthResolver } from "../auth/auth.resolver.js";
import { authChecker } from "../auth/auth-checker.js";
import { CampaignResolver, CampaignTaskResolver } from "../campaigns/campaign.resolver.js";
import { CampaignBackOfficeResolver } from "../campaigns/campaign-back-office.js";
import { CampaignLeaderboardResolver } from "../campaigns/campaign-leaderboard.js";
import { NetworkApprovalResolver } from "../social-accounts/network-approval.js";
import { RateCardResolver } from "../campaigns/rate-card.js";
import { BonusAwardResolver, CampaignBonusesResolver, ParticipationBonusesResolver, SubmissionBonusesResolver } from "../wallets/bonus.resolver.js";
import { NodeResolver } from "../node/node.resolver.js";
import { CampaignParticipationsResolver, ParticipationResolver } from "../participations/participation.resolver.js";
import { SocialAccountResolver, UserSocialAccountsResolver } from "../social-accounts/social-account.resolver.js";
import { SocialConnectionResolver } from "../connections/connection.resolver.js";
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
import { ApplicationResolver } from "../applications/application.resolver.js";
import { TaskResolver } from "../tasks/task.resolver.js";
import { WebhookDeliveryResolver, WebhookEndpointResolver } from "../webhooks/webhook.resolver.js";
import { CountryCitiesResolver, ReferenceResolver } from "../reference/reference.resolver.js";
import { UserProfileResolver } from "../users/profile.resolver.js";
import { AdminStatisticsResolver } from "../statistics/admin-statistics.js";
import { advertiserStatisticsResolvers } from "../statistics/advertiser-statistics.resolver.js";
import { CreditLimitResolver } from "../wallets/credit-limit.resolver.js";
import { UserAdministrationResolver, UserCustomSocialWallsResolver } from "../user-admin/user-admin.resolver.js";
import { NotificationResolver, UserNotificationsResolver } from "../notifications/notification.resolver.js";
import { BoundedDateTime } from "../shared/scalars.js";
import { readPlainFieldsDirectly } from "./plain-fields.js";
import { resolveTypesAtOnce } from "./compiled-execution.js";
import { shareEmptyArguments } from "./argument-values.js";

let schema: Promise<GraphQLSchema> | undefined;

export function getSchema(): Promise<GraphQLSchema> {
  if (!schema) shareEmptyArguments(); // src/graphql/argument-values.ts
  schema ??= buildSchema({
    resolvers: [
      AuthResolver,
      ApplicationResolver,
      UserResolver,
      AuthPayloadUserResolver,
      SocialAccountResolver,
      UserSocialAccountsResolver,
      SocialConnectionResolver,
      CampaignResolver,
      CampaignTaskResolver,
      CampaignBackOfficeResolver,
      CampaignLeaderboardResolver,
      NetworkApprovalResolver,
      RateCardResolver,
      ParticipationBonusesResolver,
      SubmissionBonusesResolver,
      CampaignBonusesResolver,
      BonusAwardResolver,
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
      TaskResolver,
      ...analyticsResolvers,
      WebhookEndpointResolver,
      WebhookDeliveryResolver,
      ReferenceResolver,
      CountryCitiesResolver,
      UserProfileResolver,
      AdminStatisticsResolver,
      ...advertiserStatisticsResolvers,
      CreditLimitResolver,
      UserAdministrationResolver,
      UserCustomSocialWallsResolver,
      NotificationResolver,
      UserNotificationsResolver,
    ],
    scalarsMap: [{ type: Date, scalar: BoundedDateTime }],
    // @Authorized role rules; a denial throws UNAUTHORIZED or PERMISSION_DENIED (src/auth/auth-checker.ts).
    authChecker,
    validate: false,
  }).then((built) => {
    readPlainFieldsDirectly(built); // src/graphql/plain-fields.ts
    resolveTypesAtOnce(built); // src/graphql/compiled-execution.ts
    return built;
  });
  return schema;
}
