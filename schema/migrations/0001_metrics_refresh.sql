CREATE TABLE "platform_backoffs" (
	"platform" "platform" PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "last_metrics_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "metrics_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "submissions_metrics_due_idx" ON "submissions" USING btree ("last_metrics_attempt_at") WHERE "submissions"."status" = 'ACCEPTED';