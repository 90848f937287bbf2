// GraphQL enums, derived from the database enums (whose platform and failure-reason lists come from
// src/platforms/platforms.ts) so the two can never drift apart.
import { registerEnumType } from "type-graphql";
import * as tables from "../../schema/tables.js";

type EnumObject<T extends readonly string[]> = { [K in T[number]]: K };

/** A GraphQL enum whose values are `values`, as an object usable like a TypeScript enum. */
export function graphqlEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  name: string,
  description: string,
): EnumObject<T> {
  const object = Object.fromEntries(values.map((value) => [value, value])) as EnumObject<T>;
  registerEnumType(object, { name, description });
  return object;
}

export const UserRole = graphqlEnum(tables.userRole.enumValues, "UserRole", "What a user is to the platform.");
export const UserStatus = graphqlEnum(tables.userStatus.enumValues, "UserStatus", "Whether a user may sign in.");
export const Sex = graphqlEnum(tables.sex.enumValues, "Sex", "A user's sex as given in the profile (the legacy statistics show it in lower case).");
export const Platform = graphqlEnum(tables.platform.enumValues, "Platform", "A social platform content is posted on.");
export const ContentType = graphqlEnum(tables.contentType.enumValues, "ContentType", "The kind of post.");
export const CampaignStatus = graphqlEnum(
  tables.campaignStatus.enumValues,
  "CampaignStatus",
  "Campaign lifecycle: DRAFT → (PENDING →) ACTIVE ⇄ PAUSED → COMPLETED; CANCELLED from any non-final state.",
);
export const ParticipationStatus = graphqlEnum(
  tables.participationStatus.enumValues,
  "ParticipationStatus",
  "PENDING (joined) → CONTENT_SUBMITTED → APPROVED → COMPLETED; LEFT and REJECTED are final.",
);
export const SubmissionStatus = graphqlEnum(tables.submissionStatus.enumValues, "SubmissionStatus", "Review state of a submission.");
export const RejectionReason = graphqlEnum(
  tables.rejectionReason.enumValues,
  "RejectionReason",
  "Why a submission was rejected: the first failing validation rule, or REJECTED_BY_REVIEWER.",
);
export const SocialAccountStatus = graphqlEnum(
  tables.socialAccountStatus.enumValues,
  "SocialAccountStatus",
  "Whether a connected account's tokens can be used.",
);
export const SocialAccountKind = graphqlEnum(tables.socialAccountKind.enumValues, "SocialAccountKind", "What kind of presence on the platform.");
export const IngestionFailureReason = graphqlEnum(
  tables.failureReason.enumValues,
  "IngestionFailureReason",
  "Why a platform refused or failed a metrics request.",
);

export type UserRole = keyof typeof UserRole;
export type UserStatus = keyof typeof UserStatus;
export type Sex = keyof typeof Sex;
export type Platform = keyof typeof Platform;
export type ContentType = keyof typeof ContentType;
export type CampaignStatus = keyof typeof CampaignStatus;
export type ParticipationStatus = keyof typeof ParticipationStatus;
export type SubmissionStatus = keyof typeof SubmissionStatus;
export type RejectionReason = keyof typeof RejectionReason;
export type SocialAccountStatus = keyof typeof SocialAccountStatus;
export type SocialAccountKind = keyof typeof SocialAccountKind;
export type IngestionFailureReason = keyof typeof IngestionFailureReason;
