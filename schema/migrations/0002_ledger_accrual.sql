CREATE TYPE "public"."blocked_reason" AS ENUM('INSUFFICIENT_ESCROW');--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD COLUMN "result" jsonb;--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD COLUMN "blocked_reason" "blocked_reason";--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD COLUMN "blocked_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "ledger_transactions_campaign_idx" ON "ledger_transactions" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "submission_earnings_blocked_idx" ON "submission_earnings" USING btree ("blocked_since","submission_id") WHERE "submission_earnings"."blocked_cents" > 0;--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD CONSTRAINT "submission_earnings_amounts" CHECK ("submission_earnings"."blocked_cents" >= 0 and "submission_earnings"."paid_cents" >= 0 and "submission_earnings"."blocked_cents" + "submission_earnings"."paid_cents" <= "submission_earnings"."accrued_cents");--> statement-breakpoint
ALTER TABLE "submission_earnings" ADD CONSTRAINT "submission_earnings_blocked_reason_iff_blocked" CHECK (("submission_earnings"."blocked_cents" > 0) = ("submission_earnings"."blocked_reason" is not null and "submission_earnings"."blocked_since" is not null));