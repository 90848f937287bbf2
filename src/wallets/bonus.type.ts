import { Field, ID, ObjectType } from "type-graphql";
import { CurrencyResolver, SafeIntResolver } from "graphql-scalars";
import { bonusKind } from "../../schema/tables.js";
import { graphqlEnum } from "../shared/enums.js";

export const BonusKind = graphqlEnum(
  bonusKind.enumValues,
  "BonusKind",
  "A promo bonus (docs/money.md, \"Bonuses\"): REACH goes to the participation with the highest reach, ENGAGEMENT_RATE to the one with the highest engagement rate, BEST_POST to the single post with the most engagements.",
);
export type BonusKind = (typeof bonusKind.enumValues)[number];

/** An award as the loaders read it (campaign_bonus_awards with the campaign's currency). */
export interface BonusAwardRef {
  publicId: string;
  kind: BonusKind;
  participationId: number;
  submissionId: number;
  amountCents: number;
  fundedAtAwardCents: number;
  currency: string;
  score: number;
  awardedAt: Date;
}

@ObjectType("BonusAward", { description: "A promo bonus a completed campaign awarded, accrued on the carrying submission's earnings." })
export class BonusAward {
  @Field(() => ID, { name: "id", description: "Opaque id: `bonus_<random>`." }) publicId!: string;
  @Field(() => BonusKind) kind!: BonusKind;
  @Field(() => SafeIntResolver, { description: "The bonus, in the campaign's currency (cents)." }) amountCents!: number;
  @Field(() => SafeIntResolver, {
    description: "Of amountCents, what the escrow funded when it was awarded; the rest was blocked until a funding released it.",
  })
  fundedAtAwardCents!: number;
  @Field(() => CurrencyResolver) currency!: string;
  @Field(() => Number, {
    description: "The winning figure: the participation's reach (REACH), its engagements ÷ reach (ENGAGEMENT_RATE) or the post's engagements (BEST_POST).",
  })
  score!: number;
  @Field(() => Date) awardedAt!: Date;
}
