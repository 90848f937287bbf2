// The demo world, as plain data: who exists, which campaigns run, who joined what and what they posted.
// Times are hours before the moment of seeding, so the data always looks recent. `demo.ts` inserts it.
import type { CampaignStatus, ContentType, ParticipationStatus, Platform, RejectionReason, SocialAccountKind, SocialAccountStatus, UserRole } from "../shared/enums.js";
import type { FailureReason } from "../platforms/platforms.js";

/** The one password every demo account shares (the README and the start-up log print it). */
export const DEMO_PASSWORD = "varmply-demo";

export interface DemoSocialAccount {
  platform: Platform;
  kind: SocialAccountKind;
  externalAccountId: string;
  username: string;
  status?: SocialAccountStatus;
  /** Access token expiry in hours from now (negative: already expired). */
  expiresInHours?: number;
  /** Without a refresh token an expired access token makes the account EXPIRED. */
  refreshable?: boolean;
}

export interface DemoUser {
  key: string;
  email: string;
  role: UserRole;
  displayName: string;
  username?: string;
  sex?: "MALE" | "FEMALE" | "OTHER";
  birthDate?: string;
  countryCode?: string;
  city?: string;
  interestCategories?: string[];
  createdHoursAgo: number;
  accounts?: DemoSocialAccount[];
}

const day = 24;

export const BRANDS: DemoUser[] = [
  { key: "northwind", email: "northwind@varmply.example", role: "BRAND", displayName: "Northwind Outdoor", countryCode: "US", city: "Seattle", createdHoursAgo: 60 * day },
  { key: "lumen", email: "lumen@varmply.example", role: "BRAND", displayName: "Lumen Skincare", countryCode: "FR", city: "Paris", createdHoursAgo: 45 * day },
];

/** Created only when ADMIN_EMAIL is not configured (a configured administrator replaces it). */
export const DEMO_ADMIN: DemoUser = {
  key: "admin", email: "admin@varmply.example", role: "ADMIN", displayName: "Varmply Admin", createdHoursAgo: 90 * day,
};

export const INFLUENCERS: DemoUser[] = [
  {
    key: "maya", email: "maya@varmply.example", role: "INFLUENCER", displayName: "Maya Chen", username: "maya.trails", sex: "FEMALE",
    birthDate: "1995-04-12", countryCode: "US", city: "Denver", interestCategories: ["outdoor", "travel", "fitness"], createdHoursAgo: 40 * day,
    accounts: [
      { platform: "INSTAGRAM", kind: "USER", externalAccountId: "17841400000000101", username: "maya.trails", expiresInHours: 50 * day, refreshable: true },
      { platform: "TIKTOK", kind: "USER", externalAccountId: "tt-7001000101", username: "maya.trails", expiresInHours: 20, refreshable: true },
      { platform: "YOUTUBE", kind: "CHANNEL", externalAccountId: "UCmayaTrails000000000101", username: "Maya on the Trail", refreshable: true },
    ],
  },
  {
    key: "leo", email: "leo@varmply.example", role: "INFLUENCER", displayName: "Leo Martins", username: "leo.climbs", sex: "MALE",
    birthDate: "1992-09-30", countryCode: "BR", city: "São Paulo", interestCategories: ["outdoor", "fitness"], createdHoursAgo: 35 * day,
    accounts: [
      { platform: "INSTAGRAM", kind: "USER", externalAccountId: "17841400000000102", username: "leo.climbs", expiresInHours: 45 * day, refreshable: true },
      { platform: "YOUTUBE", kind: "CHANNEL", externalAccountId: "UCleoClimbs0000000000102", username: "Leo Climbs", refreshable: true },
    ],
  },
  {
    key: "aiko", email: "aiko@varmply.example", role: "INFLUENCER", displayName: "Aiko Tanaka", username: "aiko.glow", sex: "FEMALE",
    birthDate: "1998-01-21", countryCode: "JP", city: "Tokyo", interestCategories: ["beauty", "skincare", "lifestyle"], createdHoursAgo: 30 * day,
    accounts: [
      { platform: "INSTAGRAM", kind: "USER", externalAccountId: "17841400000000103", username: "aiko.glow", expiresInHours: 55 * day, refreshable: true },
      { platform: "TIKTOK", kind: "USER", externalAccountId: "tt-7001000103", username: "aiko.glow", expiresInHours: 12, refreshable: true },
    ],
  },
  {
    key: "sofia", email: "sofia@varmply.example", role: "INFLUENCER", displayName: "Sofia Weber", username: "sofia.skin", sex: "FEMALE",
    birthDate: "1996-07-03", countryCode: "DE", city: "Berlin", interestCategories: ["skincare", "wellness", "beauty"], createdHoursAgo: 28 * day,
    accounts: [
      { platform: "INSTAGRAM", kind: "USER", externalAccountId: "17841400000000104", username: "sofia.skin", expiresInHours: 40 * day, refreshable: true },
      { platform: "YOUTUBE", kind: "CHANNEL", externalAccountId: "UCsofiaSkin0000000000104", username: "Sofia Skin Notes", refreshable: true },
      // Disconnected by Sofia: shows a REVOKED account.
      { platform: "TIKTOK", kind: "USER", externalAccountId: "tt-7001000104", username: "sofia.skin", status: "REVOKED", refreshable: true },
    ],
  },
  {
    key: "noah", email: "noah@varmply.example", role: "INFLUENCER", displayName: "Noah Bennett", username: "noah.outdoors", sex: "MALE",
    birthDate: "1990-11-15", countryCode: "GB", city: "London", interestCategories: ["travel", "outdoor", "food"], createdHoursAgo: 25 * day,
    accounts: [
      { platform: "INSTAGRAM", kind: "USER", externalAccountId: "17841400000000105", username: "noah.outdoors", expiresInHours: 30 * day, refreshable: true },
      { platform: "TIKTOK", kind: "USER", externalAccountId: "tt-7001000105", username: "noahoutdoors", expiresInHours: 8, refreshable: true },
      // A page token that lapsed without a refresh token: shows an EXPIRED account.
      { platform: "FACEBOOK", kind: "PAGE", externalAccountId: "104000000000105", username: "Noah Outdoors", expiresInHours: -3 * day, refreshable: false },
    ],
  },
];

/** A tracked post's refreshes: its counts are the simulated provider's (src/metrics/providers/simulated.ts). */
export interface DemoMetrics {
  /** Failed refreshes (no snapshot at that time). */
  failures?: { hoursAgo: number; reason: FailureReason; detail: string }[];
}

export interface DemoSubmission {
  url: string;
  platform: Platform;
  /** Inferred from the URL when absent, as submitContent does. */
  contentType?: ContentType;
  hashtags: string[];
  mentions: string[];
  postedHoursAgo: number;
  submittedHoursAgo: number;
  status: "PENDING" | "ACCEPTED" | "REJECTED";
  rejectionReason?: RejectionReason;
  reviewerNote?: string;
  reviewedHoursAgo?: number;
  /** Tracked accepted submissions only: snapshots every two hours from acceptance until now. */
  metrics?: DemoMetrics;
}

export interface DemoParticipation {
  influencer: string;
  status: ParticipationStatus;
  joinedHoursAgo: number;
  /** When the status last changed. */
  updatedHoursAgo: number;
  submissions?: DemoSubmission[];
}

export interface DemoCampaign {
  owner: string;
  title: string;
  tagline: string;
  description: string;
  objectiveType: string;
  category: string;
  currency: string;
  targetBudgetCents: number;
  status: CampaignStatus;
  createdHoursAgo: number;
  startInHours: number;
  endInHours: number;
  completedHoursAgo?: number;
  requiredHashtags: string[];
  requiredMentions: string[];
  allowedPlatforms: Platform[];
  allowedContentTypes: ContentType[];
  submissionLimit: number;
  rateFlatCents: number;
  rateCpmCents: number;
  rateBonuses?: Record<string, unknown>;
  imageLogo?: string;
  tasks: { title: string; description: string; requirements: string; deadlineInHours: number; paymentCents: number }[];
  participations: DemoParticipation[];
}

const NW_LOGO = "https://cdn.varmply.example/demo/northwind-outdoor.png";
const LUMEN_LOGO = "https://cdn.varmply.example/demo/lumen-skincare.png";

// Listed oldest first: they are inserted in this order, and lists show the newest first.
export const CAMPAIGNS: DemoCampaign[] = [
  {
    owner: "northwind", title: "Spring Hike Challenge", tagline: "Ten trails, one spring", status: "CAMPAIGN_COMPLETED",
    description: "Hike a local trail in Northwind gear and show us the view from the top.",
    objectiveType: "AWARENESS", category: "outdoor", currency: "USD", targetBudgetCents: 300_000,
    createdHoursAgo: 40 * day, startInHours: -30 * day, endInHours: -2 * day, completedHoursAgo: 1 * day,
    requiredHashtags: ["#SpringHike"], requiredMentions: ["@northwindoutdoor"], allowedPlatforms: ["INSTAGRAM", "TIKTOK"],
    allowedContentTypes: [], submissionLimit: 1, rateFlatCents: 12_000, rateCpmCents: 600, imageLogo: NW_LOGO,
    tasks: [{ title: "Summit photo", description: "One post from the top of a trail.", requirements: "Show the Northwind logo; tag the trail's location.", deadlineInHours: -3 * day, paymentCents: 12_000 }],
    participations: [
      {
        influencer: "maya", status: "PARTICIPATION_STATUS_COMPLETED", joinedHoursAgo: 28 * day, updatedHoursAgo: 1 * day,
        submissions: [{
          url: "https://www.instagram.com/p/CzSpringMaya1/", platform: "INSTAGRAM", hashtags: ["#SpringHike", "#hiking"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 122, submittedHoursAgo: 120, status: "ACCEPTED", reviewedHoursAgo: 110, metrics: {},
        }],
      },
      {
        influencer: "noah", status: "PARTICIPATION_STATUS_COMPLETED", joinedHoursAgo: 25 * day, updatedHoursAgo: 1 * day,
        submissions: [{
          url: "https://www.tiktok.com/@noahoutdoors/video/7301000000000000501", platform: "TIKTOK", hashtags: ["#SpringHike"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 101, submittedHoursAgo: 100, status: "ACCEPTED", reviewedHoursAgo: 96,
          metrics: { failures: [{ hoursAgo: 0.5, reason: "RATE_LIMIT", detail: "TikTok answered HTTP 429 (rate_limit_exceeded)" }] },
        }],
      },
    ],
  },
  {
    owner: "lumen", title: "Night Serum Teaser", tagline: "Something new after dark", status: "CAMPAIGN_CANCELLED",
    description: "A teaser for the night serum launch. Cancelled when the launch moved to next season.",
    objectiveType: "AWARENESS", category: "skincare", currency: "EUR", targetBudgetCents: 150_000,
    createdHoursAgo: 25 * day, startInHours: -20 * day, endInHours: 10 * day,
    requiredHashtags: ["#LumenNight"], requiredMentions: ["@lumenskincare"], allowedPlatforms: ["INSTAGRAM"],
    allowedContentTypes: ["STORY", "REEL"], submissionLimit: 2, rateFlatCents: 8_000, rateCpmCents: 0, imageLogo: LUMEN_LOGO,
    tasks: [],
    participations: [{ influencer: "sofia", status: "PARTICIPATION_STATUS_LEFT", joinedHoursAgo: 20 * day, updatedHoursAgo: 18 * day }],
  },
  {
    owner: "northwind", title: "Winter Layering Guide", tagline: "Three layers, zero cold", status: "CAMPAIGN_PAUSED",
    description: "Explain how you layer for cold mornings, with Northwind base, mid and shell layers.",
    objectiveType: "CONSIDERATION", category: "outdoor", currency: "USD", targetBudgetCents: 250_000,
    createdHoursAgo: 20 * day, startInHours: -15 * day, endInHours: 20 * day,
    requiredHashtags: ["#LayerUpNorthwind"], requiredMentions: ["@northwindoutdoor"], allowedPlatforms: ["INSTAGRAM", "YOUTUBE"],
    allowedContentTypes: ["REEL", "VIDEO"], submissionLimit: 2, rateFlatCents: 10_000, rateCpmCents: 500, imageLogo: NW_LOGO,
    tasks: [{ title: "Layering reel", description: "A reel walking through your three layers.", requirements: "At least 30 seconds; mention the fabric of each layer.", deadlineInHours: 18 * day, paymentCents: 10_000 }],
    participations: [
      {
        influencer: "leo", status: "PARTICIPATION_STATUS_APPROVED", joinedHoursAgo: 14 * day, updatedHoursAgo: 85,
        submissions: [{
          url: "https://www.instagram.com/reel/CzLayerLeo01/", platform: "INSTAGRAM", hashtags: ["#LayerUpNorthwind"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 92, submittedHoursAgo: 90, status: "ACCEPTED", reviewedHoursAgo: 85, metrics: {},
        }],
      },
      {
        // Submitted while the campaign was paused: stored, rejected by validation.
        influencer: "noah", status: "PARTICIPATION_STATUS_PENDING", joinedHoursAgo: 6 * day, updatedHoursAgo: 6 * day,
        submissions: [{
          url: "https://www.instagram.com/reel/CzLayerNoah1/", platform: "INSTAGRAM", hashtags: ["#LayerUpNorthwind"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 21, submittedHoursAgo: 20, status: "REJECTED", rejectionReason: "CAMPAIGN_NOT_ACTIVE",
        }],
      },
    ],
  },
  {
    owner: "northwind", title: "Summer Trails", tagline: "Get outside with Northwind", status: "CAMPAIGN_ACTIVE",
    description: "Share your favourite summer trail wearing Northwind. Posts and reels on Instagram, videos on TikTok.",
    objectiveType: "AWARENESS", category: "outdoor", currency: "USD", targetBudgetCents: 500_000,
    createdHoursAgo: 14 * day, startInHours: -10 * day, endInHours: 30 * day,
    requiredHashtags: ["#NorthwindTrails", "#GetOutside"], requiredMentions: ["@northwindoutdoor"], allowedPlatforms: ["INSTAGRAM", "TIKTOK"],
    // The limit was 3 when Maya's three posts were accepted, and lowered to 2 since: her third is not tracked.
    allowedContentTypes: ["POST", "REEL", "VIDEO"], submissionLimit: 2, rateFlatCents: 15_000, rateCpmCents: 800, imageLogo: NW_LOGO,
    tasks: [
      { title: "Trail-day reel", description: "A 15-60 s reel of a day on the trail.", requirements: "Both hashtags and the brand mention in the caption.", deadlineInHours: 20 * day, paymentCents: 15_000 },
      { title: "Gear flat-lay", description: "A photo post of your packed Northwind kit.", requirements: "Natural light; the logo visible.", deadlineInHours: 25 * day, paymentCents: 9_000 },
    ],
    participations: [
      {
        influencer: "maya", status: "PARTICIPATION_STATUS_APPROVED", joinedHoursAgo: 9 * day, updatedHoursAgo: 94,
        submissions: [
          {
            url: "https://www.instagram.com/p/CzTrailMaya0/", platform: "INSTAGRAM", hashtags: ["#NorthwindTrails"], mentions: ["@northwindoutdoor"],
            postedHoursAgo: 101, submittedHoursAgo: 100, status: "REJECTED", rejectionReason: "MISSING_REQUIRED_HASHTAGS",
          },
          {
            url: "https://www.instagram.com/p/CzTrailMaya1/", platform: "INSTAGRAM", hashtags: ["#NorthwindTrails", "#GetOutside"], mentions: ["@northwindoutdoor"],
            postedHoursAgo: 97, submittedHoursAgo: 96, status: "ACCEPTED", reviewedHoursAgo: 94, metrics: {},
          },
          {
            url: "https://www.tiktok.com/@maya.trails/video/7301000000000000101", platform: "TIKTOK", hashtags: ["#northwindtrails", "#getoutside"], mentions: ["@NorthwindOutdoor"],
            postedHoursAgo: 81, submittedHoursAgo: 80, status: "ACCEPTED", reviewedHoursAgo: 78,
            metrics: { failures: [{ hoursAgo: 51, reason: "PERMISSION", detail: "TikTok token expired (access_token_invalid); refreshed on the next attempt" }] },
          },
          {
            url: "https://www.instagram.com/reel/CzTrailMaya2/", platform: "INSTAGRAM", hashtags: ["#NorthwindTrails", "#GetOutside", "#summer"], mentions: ["@northwindoutdoor"],
            postedHoursAgo: 31, submittedHoursAgo: 30, status: "ACCEPTED", reviewedHoursAgo: 28,
          },
        ],
      },
      {
        influencer: "leo", status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED", joinedHoursAgo: 5 * day, updatedHoursAgo: 6,
        submissions: [
          {
            // Leo has no TikTok account connected.
            url: "https://www.tiktok.com/@leo.climbs/video/7301000000000000201", platform: "TIKTOK", hashtags: ["#NorthwindTrails", "#GetOutside"], mentions: ["@northwindoutdoor"],
            postedHoursAgo: 21, submittedHoursAgo: 20, status: "REJECTED", rejectionReason: "INTEGRATION_NOT_ELIGIBLE",
          },
          {
            url: "https://www.instagram.com/reel/CzTrailLeo01/", platform: "INSTAGRAM", hashtags: ["#NorthwindTrails", "#GetOutside"], mentions: ["@northwindoutdoor"],
            postedHoursAgo: 7, submittedHoursAgo: 6, status: "PENDING",
          },
        ],
      },
      {
        // Reviewer rejected the only live submission: back to PENDING, free to submit again.
        influencer: "noah", status: "PARTICIPATION_STATUS_PENDING", joinedHoursAgo: 4 * day, updatedHoursAgo: 30,
        submissions: [{
          url: "https://www.instagram.com/p/CzTrailNoah1/", platform: "INSTAGRAM", hashtags: ["#NorthwindTrails", "#GetOutside"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 41, submittedHoursAgo: 40, status: "REJECTED", rejectionReason: "REJECTED_BY_REVIEWER", reviewedHoursAgo: 30,
          reviewerNote: "The jacket logo is hidden behind the backpack; please reshoot with the logo visible.",
        }],
      },
      { influencer: "aiko", status: "PARTICIPATION_STATUS_LEFT", joinedHoursAgo: 10 * day, updatedHoursAgo: 8 * day },
    ],
  },
  {
    owner: "lumen", title: "Glow Routine", tagline: "Your morning routine, in 30 seconds", status: "CAMPAIGN_ACTIVE",
    description: "Show your morning routine with the Lumen Glow serum. Reels on Instagram or videos on TikTok.",
    objectiveType: "ENGAGEMENT", category: "skincare", currency: "EUR", targetBudgetCents: 400_000,
    createdHoursAgo: 12 * day, startInHours: -9 * day, endInHours: 21 * day,
    requiredHashtags: ["#LumenGlow"], requiredMentions: ["@lumenskincare"], allowedPlatforms: ["INSTAGRAM", "TIKTOK"],
    allowedContentTypes: ["REEL", "VIDEO"], submissionLimit: 2, rateFlatCents: 20_000, rateCpmCents: 900,
    rateBonuses: { milestones: [{ views: 100_000, cents: 5_000 }] }, imageLogo: LUMEN_LOGO,
    tasks: [{ title: "Morning routine reel", description: "Your routine from cleanser to SPF.", requirements: "Show the Glow serum label for at least 2 seconds.", deadlineInHours: 14 * day, paymentCents: 20_000 }],
    participations: [
      {
        influencer: "aiko", status: "PARTICIPATION_STATUS_APPROVED", joinedHoursAgo: 8 * day, updatedHoursAgo: 86,
        submissions: [
          {
            url: "https://www.instagram.com/reel/CzGlowAiko01/", platform: "INSTAGRAM", hashtags: ["#LumenGlow", "#skincare"], mentions: ["@lumenskincare"],
            postedHoursAgo: 89, submittedHoursAgo: 88, status: "ACCEPTED", reviewedHoursAgo: 86, metrics: {},
          },
          {
            url: "https://www.tiktok.com/@aiko.glow/video/7301000000000000301", platform: "TIKTOK", hashtags: ["#LumenGlow"], mentions: ["@lumenskincare"],
            postedHoursAgo: 71, submittedHoursAgo: 70, status: "ACCEPTED", reviewedHoursAgo: 68,
            metrics: { failures: [{ hoursAgo: 33, reason: "RATE_LIMIT", detail: "TikTok answered HTTP 429 (rate_limit_exceeded)" }] },
          },
          {
            url: "https://www.instagram.com/reel/CzGlowAiko02/", platform: "INSTAGRAM", hashtags: ["#LumenGlow"], mentions: ["@lumenskincare"],
            postedHoursAgo: 11, submittedHoursAgo: 10, status: "REJECTED", rejectionReason: "SUBMISSION_LIMIT_REACHED",
          },
        ],
      },
      {
        influencer: "sofia", status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED", joinedHoursAgo: 6 * day, updatedHoursAgo: 4,
        submissions: [
          {
            url: "https://www.instagram.com/p/CzGlowSofia1/", platform: "INSTAGRAM", hashtags: ["#LumenGlow"], mentions: ["@lumenskincare"],
            postedHoursAgo: 31, submittedHoursAgo: 30, status: "REJECTED", rejectionReason: "CONTENT_TYPE_NOT_ALLOWED",
          },
          {
            url: "https://www.instagram.com/reel/CzGlowSofia2/", platform: "INSTAGRAM", hashtags: ["#LumenGlow"], mentions: [],
            postedHoursAgo: 27, submittedHoursAgo: 26, status: "REJECTED", rejectionReason: "MISSING_REQUIRED_MENTIONS",
          },
          {
            url: "https://www.instagram.com/reel/CzGlowSofia3/", platform: "INSTAGRAM", hashtags: ["#LumenGlow", "#morningroutine"], mentions: ["@lumenskincare"],
            postedHoursAgo: 5, submittedHoursAgo: 4, status: "PENDING",
          },
        ],
      },
      { influencer: "maya", status: "PARTICIPATION_STATUS_PENDING", joinedHoursAgo: 20, updatedHoursAgo: 20 },
    ],
  },
  {
    owner: "northwind", title: "Basecamp Jackets Launch", tagline: "The new Basecamp shell is here", status: "CAMPAIGN_ACTIVE",
    description: "Review the new Basecamp jacket: first impressions on Instagram or a longer take on YouTube.",
    objectiveType: "CONVERSIONS", category: "outdoor", currency: "USD", targetBudgetCents: 800_000,
    createdHoursAgo: 7 * day, startInHours: -5 * day, endInHours: 40 * day,
    requiredHashtags: ["#BasecampJacket"], requiredMentions: ["@northwindoutdoor"], allowedPlatforms: ["INSTAGRAM", "YOUTUBE"],
    allowedContentTypes: [], submissionLimit: 3, rateFlatCents: 25_000, rateCpmCents: 0, imageLogo: NW_LOGO,
    tasks: [{ title: "Jacket review", description: "An honest first-impressions review.", requirements: "Wear it outdoors; show the hood and the pockets.", deadlineInHours: 30 * day, paymentCents: 25_000 }],
    participations: [
      {
        influencer: "maya", status: "PARTICIPATION_STATUS_CONTENT_SUBMITTED", joinedHoursAgo: 4 * day, updatedHoursAgo: 12,
        submissions: [{
          url: "https://www.youtube.com/watch?v=NwBasecamp01", platform: "YOUTUBE", hashtags: ["#BasecampJacket"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 13, submittedHoursAgo: 12, status: "PENDING",
        }],
      },
      {
        influencer: "noah", status: "PARTICIPATION_STATUS_REJECTED", joinedHoursAgo: 5 * day, updatedHoursAgo: 48,
        submissions: [{
          url: "https://www.instagram.com/p/CzBasecampNo1/", platform: "INSTAGRAM", hashtags: ["#BasecampJacket"], mentions: ["@northwindoutdoor"],
          postedHoursAgo: 61, submittedHoursAgo: 60, status: "REJECTED", rejectionReason: "REJECTED_BY_REVIEWER", reviewedHoursAgo: 50,
          reviewerNote: "Wrong product: this is last season's Basecamp jacket.",
        }],
      },
    ],
  },
  {
    owner: "lumen", title: "SPF Every Day", tagline: "Sunscreen is the routine", status: "CAMPAIGN_ACTIVE",
    description: "Make daily SPF look effortless. Open to new creators: join and post a reel, a TikTok or a Short.",
    objectiveType: "AWARENESS", category: "skincare", currency: "EUR", targetBudgetCents: 200_000,
    createdHoursAgo: 3 * day, startInHours: -2 * day, endInHours: 28 * day,
    requiredHashtags: ["#LumenSPF"], requiredMentions: ["@lumenskincare"], allowedPlatforms: ["INSTAGRAM", "TIKTOK", "YOUTUBE"],
    allowedContentTypes: ["REEL", "VIDEO", "SHORT"], submissionLimit: 3, rateFlatCents: 10_000, rateCpmCents: 700, imageLogo: LUMEN_LOGO,
    tasks: [{ title: "SPF reapply", description: "Show a midday SPF reapply over make-up.", requirements: "Use the Lumen SPF 50 mist.", deadlineInHours: 21 * day, paymentCents: 10_000 }],
    participations: [],
  },
  {
    owner: "northwind", title: "Autumn Campfire Stories", tagline: "Tales told by the fire", status: "CAMPAIGN_DRAFT",
    description: "Draft: storytelling around the campfire with the Northwind cook set.",
    objectiveType: "ENGAGEMENT", category: "outdoor", currency: "USD", targetBudgetCents: 200_000,
    createdHoursAgo: 1 * day, startInHours: 20 * day, endInHours: 50 * day,
    requiredHashtags: ["#CampfireStories"], requiredMentions: ["@northwindoutdoor"], allowedPlatforms: ["INSTAGRAM", "TIKTOK", "YOUTUBE"],
    allowedContentTypes: ["REEL", "VIDEO", "SHORT"], submissionLimit: 2, rateFlatCents: 0, rateCpmCents: 1_000, imageLogo: NW_LOGO,
    tasks: [],
    participations: [],
  },
];
