CREATE TYPE "public"."network_approval_status" AS ENUM('PENDING', 'APPROVED', 'REFUSED');--> statement-breakpoint
CREATE TABLE "network_approvals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "network_approvals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"platform" "platform" NOT NULL,
	"external_account_id" text NOT NULL,
	"profile_url" text NOT NULL,
	"status" "network_approval_status" DEFAULT 'PENDING' NOT NULL,
	"reason" text,
	"reviewed_by_id" integer,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_approvals_public_id_unique" UNIQUE("public_id")
);
--> statement-breakpoint
ALTER TABLE "network_approvals" ADD CONSTRAINT "network_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_approvals" ADD CONSTRAINT "network_approvals_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "network_approvals_user_platform_external_key" ON "network_approvals" USING btree ("user_id","platform","external_account_id");--> statement-breakpoint
CREATE INDEX "network_approvals_status_idx" ON "network_approvals" USING btree ("status","id");