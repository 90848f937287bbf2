// Every DataLoader, built fresh for each request so that nothing is cached across users.
import type { Db } from "./db/client.js";
import type { Viewer } from "./context.js";
import { createCampaignLoaders } from "./campaigns/campaign.loaders.js";
import { createParticipationLoaders } from "./participations/participation.loaders.js";
import { createSocialAccountLoaders } from "./social-accounts/social-account.loaders.js";
import { createSubmissionLoaders } from "./submissions/submission.loaders.js";
import { createUserLoaders } from "./users/user.loaders.js";
import { createMetricsLoaders } from "./metrics/metrics.loaders.js";
import { createWalletLoaders } from "./wallets/wallet.loaders.js";

export function createLoaders(db: Db, viewer: () => Viewer | null) {
  return {
    ...createUserLoaders(db),
    ...createSocialAccountLoaders(db),
    ...createCampaignLoaders(db, viewer),
    ...createParticipationLoaders(db, viewer),
    ...createSubmissionLoaders(db),
    ...createMetricsLoaders(db),
    ...createWalletLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
