// Every DataLoader, built fresh for each request so that nothing is cached across users. Each module's
// loaders live beside the table they read (`<module>/<entity>.loaders.ts`) and are reached by module name.
import type { Db } from "./db/client.js";
import type { Viewer } from "./context.js";
import { buildLoaders, type LoadersOf } from "./shared/loader.js";
import { createCampaignLoaders } from "./campaigns/campaign.loaders.js";
import { createParticipationLoaders } from "./participations/participation.loaders.js";
import { createSocialAccountLoaders } from "./social-accounts/social-account.loaders.js";
import { createSubmissionLoaders } from "./submissions/submission.loaders.js";
import { createUserLoaders } from "./users/user.loaders.js";
import { createMetricsLoaders } from "./metrics/metrics.loaders.js";
import { createWalletLoaders } from "./wallets/wallet.loaders.js";
import { createWebhookLoaders } from "./webhooks/webhook.loaders.js";
import { createApplicationLoaders } from "./applications/application.loaders.js";

const LOADERS_BY_MODULE = {
  users: createUserLoaders,
  socialAccounts: createSocialAccountLoaders,
  campaigns: createCampaignLoaders,
  participations: createParticipationLoaders,
  submissions: createSubmissionLoaders,
  metrics: createMetricsLoaders,
  wallets: createWalletLoaders,
  webhooks: createWebhookLoaders,
  applications: createApplicationLoaders,
};

export type Loaders = LoadersOf<typeof LOADERS_BY_MODULE>;

export function createLoaders(db: Db, viewer: () => Viewer | null): Loaders {
  return buildLoaders(LOADERS_BY_MODULE, { db, viewer });
}
