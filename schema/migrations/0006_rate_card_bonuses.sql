CREATE TYPE "public"."bonus_kind" AS ENUM('REACH', 'ENGAGEMENT_RATE', 'BEST_POST');--> statement-breakpoint
CREATE TABLE "campaign_bonus_awards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_bonus_awards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"campaign_id" integer NOT NULL,
	"kind" "bonus_kind" NOT NULL,
	"participation_id" integer NOT NULL,
	"submission_id" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"funded_cents" bigint NOT NULL,
	"score" numeric NOT NULL,
	"transaction_id" integer NOT NULL,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_bonus_awards_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "campaign_bonus_awards_amounts" CHECK ("campaign_bonus_awards"."amount_cents" > 0 and "campaign_bonus_awards"."funded_cents" >= 0 and "campaign_bonus_awards"."funded_cents" <= "campaign_bonus_awards"."amount_cents")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_minimum_reward_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_has_bonus" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_promo_reach_bonus_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_promo_engagement_rate_bonus_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_promo_best_post_bonus_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD COLUMN "bonus_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bonus_awards" ADD CONSTRAINT "campaign_bonus_awards_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bonus_awards" ADD CONSTRAINT "campaign_bonus_awards_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bonus_awards" ADD CONSTRAINT "campaign_bonus_awards_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bonus_awards" ADD CONSTRAINT "campaign_bonus_awards_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_bonus_awards_campaign_kind_key" ON "campaign_bonus_awards" USING btree ("campaign_id","kind");--> statement-breakpoint
CREATE INDEX "campaign_bonus_awards_participation_idx" ON "campaign_bonus_awards" USING btree ("participation_id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_rate_card_non_negative" CHECK ("campaigns"."rate_minimum_reward_cents" >= 0 and "campaigns"."rate_promo_reach_bonus_cents" >= 0 and "campaigns"."rate_promo_engagement_rate_bonus_cents" >= 0 and "campaigns"."rate_promo_best_post_bonus_cents" >= 0);--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD CONSTRAINT "submission_earnings_bonus" CHECK ("submission_earnings"."bonus_cents" >= 0 and "submission_earnings"."bonus_cents" <= "submission_earnings"."accrued_cents");