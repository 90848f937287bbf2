CREATE TYPE "public"."sex" AS ENUM('MALE', 'FEMALE', 'OTHER');--> statement-breakpoint
CREATE TABLE "custom_social_walls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "custom_social_walls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"platform" "platform" NOT NULL,
	"url" text NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"public_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"message" text NOT NULL,
	"type" text NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_public_id_unique" UNIQUE("public_id")
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "sex" SET DATA TYPE "public"."sex" USING (CASE WHEN upper("sex") IN ('MALE', 'FEMALE', 'OTHER') THEN upper("sex")::"public"."sex" END);--> statement-breakpoint
ALTER TABLE "countries" ADD COLUMN "id" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "countries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "countries" ADD COLUMN "currency" char(3) DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD COLUMN "minor_units" smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sessions_valid_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "ban_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "credit_limit_cents" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "credit_limit_currency" char(3);--> statement-breakpoint
ALTER TABLE "custom_social_walls" ADD CONSTRAINT "custom_social_walls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_social_walls" ADD CONSTRAINT "custom_social_walls_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_social_walls_user_url_key" ON "custom_social_walls" USING btree ("user_id","platform","url");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
ALTER TABLE "countries" ADD CONSTRAINT "countries_id_unique" UNIQUE("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_credit_limit" CHECK (("users"."credit_limit_cents" is null) = ("users"."credit_limit_currency" is null) and coalesce("users"."credit_limit_cents", 0) >= 0);
--> statement-breakpoint
-- Reference data every database starts with (hand-written; admins edit it through GraphQL, src/reference/).
INSERT INTO "exchange_rates" ("currency", "per_usd", "minor_units") VALUES ('USD', 1, 2), ('EUR', 0.92, 2), ('GBP', 0.79, 2), ('JPY', 151.4, 0), ('BRL', 5.05, 2), ('CAD', 1.36, 2), ('MXN', 17.1, 2), ('ARS', 870, 2), ('SEK', 10.45, 2), ('PLN', 3.95, 2), ('CHF', 0.88, 2), ('KRW', 1345, 0), ('INR', 83.3, 2), ('AUD', 1.52, 2), ('ZAR', 18.6, 2) ON CONFLICT ("currency") DO UPDATE SET "minor_units" = excluded."minor_units";--> statement-breakpoint
INSERT INTO "countries" ("code", "name", "currency") VALUES ('US', 'United States', 'USD'), ('CA', 'Canada', 'CAD'), ('MX', 'Mexico', 'MXN'), ('BR', 'Brazil', 'BRL'), ('AR', 'Argentina', 'ARS'), ('GB', 'United Kingdom', 'GBP'), ('IE', 'Ireland', 'EUR'), ('FR', 'France', 'EUR'), ('DE', 'Germany', 'EUR'), ('ES', 'Spain', 'EUR'), ('IT', 'Italy', 'EUR'), ('NL', 'Netherlands', 'EUR'), ('PT', 'Portugal', 'EUR'), ('SE', 'Sweden', 'SEK'), ('PL', 'Poland', 'PLN'), ('CH', 'Switzerland', 'CHF'), ('JP', 'Japan', 'JPY'), ('KR', 'South Korea', 'KRW'), ('IN', 'India', 'INR'), ('AU', 'Australia', 'AUD'), ('ZA', 'South Africa', 'ZAR') ON CONFLICT ("code") DO UPDATE SET "currency" = excluded."currency";--> statement-breakpoint
INSERT INTO "cities" ("country_code", "name") VALUES ('US', 'New York'), ('US', 'Los Angeles'), ('US', 'Chicago'), ('US', 'Denver'), ('US', 'Seattle'), ('US', 'Miami'), ('CA', 'Toronto'), ('CA', 'Vancouver'), ('CA', 'Montreal'), ('MX', 'Mexico City'), ('MX', 'Guadalajara'), ('BR', 'São Paulo'), ('BR', 'Rio de Janeiro'), ('BR', 'Belo Horizonte'), ('AR', 'Buenos Aires'), ('AR', 'Córdoba'), ('GB', 'London'), ('GB', 'Manchester'), ('GB', 'Edinburgh'), ('IE', 'Dublin'), ('IE', 'Cork'), ('FR', 'Paris'), ('FR', 'Lyon'), ('FR', 'Marseille'), ('DE', 'Berlin'), ('DE', 'Munich'), ('DE', 'Hamburg'), ('ES', 'Madrid'), ('ES', 'Barcelona'), ('IT', 'Rome'), ('IT', 'Milan'), ('NL', 'Amsterdam'), ('NL', 'Rotterdam'), ('PT', 'Lisbon'), ('PT', 'Porto'), ('SE', 'Stockholm'), ('SE', 'Gothenburg'), ('PL', 'Warsaw'), ('PL', 'Kraków'), ('CH', 'Zurich'), ('CH', 'Geneva'), ('JP', 'Tokyo'), ('JP', 'Osaka'), ('JP', 'Kyoto'), ('KR', 'Seoul'), ('KR', 'Busan'), ('IN', 'Mumbai'), ('IN', 'Delhi'), ('IN', 'Bengaluru'), ('AU', 'Sydney'), ('AU', 'Melbourne'), ('ZA', 'Johannesburg'), ('ZA', 'Cape Town') ON CONFLICT ("country_code", "name") DO NOTHING;--> statement-breakpoint
INSERT INTO "categories" ("slug", "name") VALUES ('fashion', 'Fashion'), ('beauty', 'Beauty'), ('technology', 'Technology'), ('food', 'Food & Drink'), ('travel', 'Travel'), ('fitness', 'Fitness'), ('outdoor', 'Outdoor & Adventure'), ('skincare', 'Skincare'), ('wellness', 'Wellness'), ('lifestyle', 'Lifestyle'), ('gaming', 'Gaming'), ('music', 'Music'), ('sports', 'Sports'), ('parenting', 'Parenting'), ('other', 'Other') ON CONFLICT ("slug") DO NOTHING;
