CREATE TABLE "submission_latest_metrics" (
	"submission_id" integer PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"last_snapshot_id" integer,
	"last_fetched_at" timestamp with time zone,
	"impressions" bigint,
	"reach" bigint,
	"likes" bigint,
	"comments" bigint,
	"saves" bigint,
	"shares" bigint,
	"views" bigint,
	"last_attempt_id" integer,
	"last_attempt_at" timestamp with time zone,
	"last_attempt_outcome" "ingestion_outcome",
	"last_attempt_failure" "failure_reason",
	"last_success_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "impressions_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "impressions_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "reach_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "reach_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "likes_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "likes_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "comments_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "comments_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "shares_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "shares_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "saves_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "saves_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "views_first" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD COLUMN "views_first_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "submission_latest_metrics" ADD CONSTRAINT "submission_latest_metrics_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submission_latest_metrics_campaign_last_idx" ON "submission_latest_metrics" USING btree ("campaign_id","last_fetched_at");
--> statement-breakpoint
-- The rollup's triggers again (0010), now also keeping, per bucket, the submissions whose first snapshot is in it
-- (PLATFORM_TOTAL there: first_count) and per metric the sum and number of their non-null counts (*_first,
-- *_first_count), so that a bucket where every counted submission starts is answered from the rollup too
-- (src/analytics/analytics.rollup.ts). A submission's first bucket changes only when a snapshot is written
-- before all its others, and then the old first bucket is the next bucket holding one: among the two buckets
-- per size the trigger already recomputes.
create or replace function campaign_bucket_metrics_after_snapshots() returns trigger language plpgsql set work_mem = '128MB' as $$
begin
  -- no key update: the insert already holds a key-share lock on the submission (the foreign key), which
  -- `for update` would conflict with when two statements write snapshots of one submission at once
  perform 1 from submissions sb where sb.id in (select n.submission_id from new_snapshots n) order by sb.id for no key update;
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count, first_count, impressions_first, impressions_first_count, reach_first, reach_first_count, likes_first, likes_first_count, comments_first, comments_first_count, shares_first, shares_first_count, saves_first, saves_first_count, views_first, views_first_count)
  select a.campaign_id, a.bucket, a.s,
    sum((e1.id is not null)::int - (e0.id is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.impressions is not null and p1.impressions is not null then greatest(e1.impressions - p1.impressions, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.impressions is not null and p0.impressions is not null then greatest(e0.impressions - p0.impressions, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.impressions is not null and p1.impressions is not null then greatest(e1.impressions - p1.impressions, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.impressions is not null and p0.impressions is not null then greatest(e0.impressions - p0.impressions, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.reach is not null and p1.reach is not null then greatest(e1.reach - p1.reach, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.reach is not null and p0.reach is not null then greatest(e0.reach - p0.reach, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.reach is not null and p1.reach is not null then greatest(e1.reach - p1.reach, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.reach is not null and p0.reach is not null then greatest(e0.reach - p0.reach, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.likes is not null and p1.likes is not null then greatest(e1.likes - p1.likes, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.likes is not null and p0.likes is not null then greatest(e0.likes - p0.likes, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.likes is not null and p1.likes is not null then greatest(e1.likes - p1.likes, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.likes is not null and p0.likes is not null then greatest(e0.likes - p0.likes, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.comments is not null and p1.comments is not null then greatest(e1.comments - p1.comments, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.comments is not null and p0.comments is not null then greatest(e0.comments - p0.comments, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.comments is not null and p1.comments is not null then greatest(e1.comments - p1.comments, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.comments is not null and p0.comments is not null then greatest(e0.comments - p0.comments, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.shares is not null and p1.shares is not null then greatest(e1.shares - p1.shares, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.shares is not null and p0.shares is not null then greatest(e0.shares - p0.shares, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.shares is not null and p1.shares is not null then greatest(e1.shares - p1.shares, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.shares is not null and p0.shares is not null then greatest(e0.shares - p0.shares, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.saves is not null and p1.saves is not null then greatest(e1.saves - p1.saves, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.saves is not null and p0.saves is not null then greatest(e0.saves - p0.saves, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.saves is not null and p1.saves is not null then greatest(e1.saves - p1.saves, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.saves is not null and p0.saves is not null then greatest(e0.saves - p0.saves, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.views is not null and p1.views is not null then greatest(e1.views - p1.views, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.views is not null and p0.views is not null then greatest(e0.views - p0.views, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.views is not null and p1.views is not null then greatest(e1.views - p1.views, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.views is not null and p0.views is not null then greatest(e0.views - p0.views, 0) end is not null)::int)::int,
    sum((e1.id is not null and p1.id is null)::int - (e0.id is not null and p0.id is null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.impressions end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.impressions end, 0)), sum((case when e1.id is not null and p1.id is null then e1.impressions end is not null)::int - (case when e0.id is not null and p0.id is null then e0.impressions end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.reach end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.reach end, 0)), sum((case when e1.id is not null and p1.id is null then e1.reach end is not null)::int - (case when e0.id is not null and p0.id is null then e0.reach end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.likes end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.likes end, 0)), sum((case when e1.id is not null and p1.id is null then e1.likes end is not null)::int - (case when e0.id is not null and p0.id is null then e0.likes end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.comments end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.comments end, 0)), sum((case when e1.id is not null and p1.id is null then e1.comments end is not null)::int - (case when e0.id is not null and p0.id is null then e0.comments end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.shares end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.shares end, 0)), sum((case when e1.id is not null and p1.id is null then e1.shares end is not null)::int - (case when e0.id is not null and p0.id is null then e0.shares end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.saves end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.saves end, 0)), sum((case when e1.id is not null and p1.id is null then e1.saves end is not null)::int - (case when e0.id is not null and p0.id is null then e0.saves end is not null)::int)::int,
    sum(coalesce(case when e1.id is not null and p1.id is null then e1.views end, 0) - coalesce(case when e0.id is not null and p0.id is null then e0.views end, 0)), sum((case when e1.id is not null and p1.id is null then e1.views end is not null)::int - (case when e0.id is not null and p0.id is null then e0.views end is not null)::int)::int
  from (
    with written as (
      -- had_snapshots: whether the submission had any before this statement (a bulk insert of a whole history
      -- then skips looking for the previous state, which would walk over the new rows again and again)
      select w.submission_id, p.campaign_id,
        exists (select 1 from metrics_snapshots ms where ms.submission_id = w.submission_id and ms.id not in (select n.id from new_snapshots n)) as had_snapshots
      from (select distinct n.submission_id from new_snapshots n) w
      join submissions sb on sb.id = w.submission_id and sb.status = 'ACCEPTED'
      join participations p on p.id = sb.participation_id
    ),
    changed as (
      select distinct n.submission_id, w.campaign_id, w.had_snapshots, k.bucket, k.stride, date_bin(k.stride, n.fetched_at, timestamptz '2001-01-01T00:00:00Z') as s
      from new_snapshots n
      join written w on w.submission_id = n.submission_id
      cross join (values ('DAY', interval '24 hours'), ('WEEK', interval '168 hours')) as k(bucket, stride)
    )
    select c.submission_id, c.campaign_id, c.had_snapshots, c.bucket, c.stride, c.s from changed c
    union
    select c.submission_id, c.campaign_id, c.had_snapshots, c.bucket, c.stride, date_bin(c.stride, nx.fetched_at, timestamptz '2001-01-01T00:00:00Z')
    from changed c
    cross join lateral (
      select ms.fetched_at from metrics_snapshots ms
      where ms.submission_id = c.submission_id and ms.fetched_at >= c.s + c.stride order by ms.fetched_at limit 1
    ) nx
  ) a
  left join lateral (
    select ms.id, ms.fetched_at, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views from metrics_snapshots ms
    where ms.submission_id = a.submission_id and ms.fetched_at >= a.s and ms.fetched_at < a.s + a.stride
    order by ms.fetched_at desc, ms.id desc limit 1
  ) e1 on true
  left join lateral (
    select ms.id, ms.fetched_at, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views from metrics_snapshots ms
    where ms.submission_id = a.submission_id and ms.fetched_at < a.s
    order by ms.fetched_at desc, ms.id desc limit 1
  ) p1 on true
  left join lateral (
    select ms.id, ms.fetched_at, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views from metrics_snapshots ms
    where ms.submission_id = a.submission_id and ms.fetched_at >= a.s and ms.fetched_at < a.s + a.stride and a.had_snapshots and ms.id not in (select n.id from new_snapshots n)
    order by ms.fetched_at desc, ms.id desc limit 1
  ) e0 on true
  left join lateral (
    select ms.id, ms.fetched_at, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views from metrics_snapshots ms
    where ms.submission_id = a.submission_id and ms.fetched_at < a.s and a.had_snapshots and ms.id not in (select n.id from new_snapshots n)
    order by ms.fetched_at desc, ms.id desc limit 1
  ) p0 on true
  group by a.campaign_id, a.bucket, a.s
  order by a.campaign_id, a.bucket, a.s
  on conflict (campaign_id, bucket, start_at) do update set
  submission_count = campaign_bucket_metrics.submission_count + excluded.submission_count,
  impressions_growth = campaign_bucket_metrics.impressions_growth + excluded.impressions_growth,
  impressions_growth_count = campaign_bucket_metrics.impressions_growth_count + excluded.impressions_growth_count,
  reach_growth = campaign_bucket_metrics.reach_growth + excluded.reach_growth,
  reach_growth_count = campaign_bucket_metrics.reach_growth_count + excluded.reach_growth_count,
  likes_growth = campaign_bucket_metrics.likes_growth + excluded.likes_growth,
  likes_growth_count = campaign_bucket_metrics.likes_growth_count + excluded.likes_growth_count,
  comments_growth = campaign_bucket_metrics.comments_growth + excluded.comments_growth,
  comments_growth_count = campaign_bucket_metrics.comments_growth_count + excluded.comments_growth_count,
  shares_growth = campaign_bucket_metrics.shares_growth + excluded.shares_growth,
  shares_growth_count = campaign_bucket_metrics.shares_growth_count + excluded.shares_growth_count,
  saves_growth = campaign_bucket_metrics.saves_growth + excluded.saves_growth,
  saves_growth_count = campaign_bucket_metrics.saves_growth_count + excluded.saves_growth_count,
  views_growth = campaign_bucket_metrics.views_growth + excluded.views_growth,
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count,
  first_count = campaign_bucket_metrics.first_count + excluded.first_count,
  impressions_first = campaign_bucket_metrics.impressions_first + excluded.impressions_first,
  impressions_first_count = campaign_bucket_metrics.impressions_first_count + excluded.impressions_first_count,
  reach_first = campaign_bucket_metrics.reach_first + excluded.reach_first,
  reach_first_count = campaign_bucket_metrics.reach_first_count + excluded.reach_first_count,
  likes_first = campaign_bucket_metrics.likes_first + excluded.likes_first,
  likes_first_count = campaign_bucket_metrics.likes_first_count + excluded.likes_first_count,
  comments_first = campaign_bucket_metrics.comments_first + excluded.comments_first,
  comments_first_count = campaign_bucket_metrics.comments_first_count + excluded.comments_first_count,
  shares_first = campaign_bucket_metrics.shares_first + excluded.shares_first,
  shares_first_count = campaign_bucket_metrics.shares_first_count + excluded.shares_first_count,
  saves_first = campaign_bucket_metrics.saves_first + excluded.saves_first,
  saves_first_count = campaign_bucket_metrics.saves_first_count + excluded.saves_first_count,
  views_first = campaign_bucket_metrics.views_first + excluded.views_first,
  views_first_count = campaign_bucket_metrics.views_first_count + excluded.views_first_count;
  return null;
end $$;
--> statement-breakpoint
-- One ordered upsert per statement (a participation's approval accepts several submissions at once), so
-- that concurrent writers lock the campaign's rows in one order.
create or replace function campaign_bucket_metrics_after_status() returns trigger language plpgsql as $$
begin
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count, first_count, impressions_first, impressions_first_count, reach_first, reach_first_count, likes_first, likes_first_count, comments_first, comments_first_count, shares_first, shares_first_count, saves_first, saves_first_count, views_first, views_first_count)
select l.campaign_id, l.bucket, l.s, count(*)::int,
  coalesce(sum(l.g_impressions), 0), count(l.g_impressions)::int,
  coalesce(sum(l.g_reach), 0), count(l.g_reach)::int,
  coalesce(sum(l.g_likes), 0), count(l.g_likes)::int,
  coalesce(sum(l.g_comments), 0), count(l.g_comments)::int,
  coalesce(sum(l.g_shares), 0), count(l.g_shares)::int,
  coalesce(sum(l.g_saves), 0), count(l.g_saves)::int,
  coalesce(sum(l.g_views), 0), count(l.g_views)::int,
  count(*) filter (where l.first)::int,
  coalesce(sum(l.f_impressions), 0), count(l.f_impressions)::int,
  coalesce(sum(l.f_reach), 0), count(l.f_reach)::int,
  coalesce(sum(l.f_likes), 0), count(l.f_likes)::int,
  coalesce(sum(l.f_comments), 0), count(l.f_comments)::int,
  coalesce(sum(l.f_shares), 0), count(l.f_shares)::int,
  coalesce(sum(l.f_saves), 0), count(l.f_saves)::int,
  coalesce(sum(l.f_views), 0), count(l.f_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views,
    lag(x.s) over w is null as first,
    case when lag(x.s) over w is null then x.impressions end as f_impressions,
    case when lag(x.s) over w is null then x.reach end as f_reach,
    case when lag(x.s) over w is null then x.likes end as f_likes,
    case when lag(x.s) over w is null then x.comments end as f_comments,
    case when lag(x.s) over w is null then x.shares end as f_shares,
    case when lag(x.s) over w is null then x.saves end as f_saves,
    case when lag(x.s) over w is null then x.views end as f_views
  from (
    select distinct on (ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'))
      ms.submission_id, p.campaign_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z') as s, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views
    from metrics_snapshots ms
    join submissions sb on sb.id = ms.submission_id
    join participations p on p.id = sb.participation_id
    cross join (values ('DAY', interval '24 hours'), ('WEEK', interval '168 hours')) as k(bucket, stride)
    where ms.submission_id in (select n.id from new_submissions n join old_submissions o on o.id = n.id
      where n.status = 'ACCEPTED' and o.status is distinct from 'ACCEPTED')
    order by ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'), ms.fetched_at desc, ms.id desc
  ) x
  window w as (partition by x.submission_id, x.bucket order by x.s)
) l
group by l.campaign_id, l.bucket, l.s
order by l.campaign_id, l.bucket, l.s
  on conflict (campaign_id, bucket, start_at) do update set
  submission_count = campaign_bucket_metrics.submission_count + excluded.submission_count,
  impressions_growth = campaign_bucket_metrics.impressions_growth + excluded.impressions_growth,
  impressions_growth_count = campaign_bucket_metrics.impressions_growth_count + excluded.impressions_growth_count,
  reach_growth = campaign_bucket_metrics.reach_growth + excluded.reach_growth,
  reach_growth_count = campaign_bucket_metrics.reach_growth_count + excluded.reach_growth_count,
  likes_growth = campaign_bucket_metrics.likes_growth + excluded.likes_growth,
  likes_growth_count = campaign_bucket_metrics.likes_growth_count + excluded.likes_growth_count,
  comments_growth = campaign_bucket_metrics.comments_growth + excluded.comments_growth,
  comments_growth_count = campaign_bucket_metrics.comments_growth_count + excluded.comments_growth_count,
  shares_growth = campaign_bucket_metrics.shares_growth + excluded.shares_growth,
  shares_growth_count = campaign_bucket_metrics.shares_growth_count + excluded.shares_growth_count,
  saves_growth = campaign_bucket_metrics.saves_growth + excluded.saves_growth,
  saves_growth_count = campaign_bucket_metrics.saves_growth_count + excluded.saves_growth_count,
  views_growth = campaign_bucket_metrics.views_growth + excluded.views_growth,
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count,
  first_count = campaign_bucket_metrics.first_count + excluded.first_count,
  impressions_first = campaign_bucket_metrics.impressions_first + excluded.impressions_first,
  impressions_first_count = campaign_bucket_metrics.impressions_first_count + excluded.impressions_first_count,
  reach_first = campaign_bucket_metrics.reach_first + excluded.reach_first,
  reach_first_count = campaign_bucket_metrics.reach_first_count + excluded.reach_first_count,
  likes_first = campaign_bucket_metrics.likes_first + excluded.likes_first,
  likes_first_count = campaign_bucket_metrics.likes_first_count + excluded.likes_first_count,
  comments_first = campaign_bucket_metrics.comments_first + excluded.comments_first,
  comments_first_count = campaign_bucket_metrics.comments_first_count + excluded.comments_first_count,
  shares_first = campaign_bucket_metrics.shares_first + excluded.shares_first,
  shares_first_count = campaign_bucket_metrics.shares_first_count + excluded.shares_first_count,
  saves_first = campaign_bucket_metrics.saves_first + excluded.saves_first,
  saves_first_count = campaign_bucket_metrics.saves_first_count + excluded.saves_first_count,
  views_first = campaign_bucket_metrics.views_first + excluded.views_first,
  views_first_count = campaign_bucket_metrics.views_first_count + excluded.views_first_count;
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count, first_count, impressions_first, impressions_first_count, reach_first, reach_first_count, likes_first, likes_first_count, comments_first, comments_first_count, shares_first, shares_first_count, saves_first, saves_first_count, views_first, views_first_count)
select l.campaign_id, l.bucket, l.s, -count(*)::int,
  -coalesce(sum(l.g_impressions), 0), -count(l.g_impressions)::int,
  -coalesce(sum(l.g_reach), 0), -count(l.g_reach)::int,
  -coalesce(sum(l.g_likes), 0), -count(l.g_likes)::int,
  -coalesce(sum(l.g_comments), 0), -count(l.g_comments)::int,
  -coalesce(sum(l.g_shares), 0), -count(l.g_shares)::int,
  -coalesce(sum(l.g_saves), 0), -count(l.g_saves)::int,
  -coalesce(sum(l.g_views), 0), -count(l.g_views)::int,
  -count(*) filter (where l.first)::int,
  -coalesce(sum(l.f_impressions), 0), -count(l.f_impressions)::int,
  -coalesce(sum(l.f_reach), 0), -count(l.f_reach)::int,
  -coalesce(sum(l.f_likes), 0), -count(l.f_likes)::int,
  -coalesce(sum(l.f_comments), 0), -count(l.f_comments)::int,
  -coalesce(sum(l.f_shares), 0), -count(l.f_shares)::int,
  -coalesce(sum(l.f_saves), 0), -count(l.f_saves)::int,
  -coalesce(sum(l.f_views), 0), -count(l.f_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views,
    lag(x.s) over w is null as first,
    case when lag(x.s) over w is null then x.impressions end as f_impressions,
    case when lag(x.s) over w is null then x.reach end as f_reach,
    case when lag(x.s) over w is null then x.likes end as f_likes,
    case when lag(x.s) over w is null then x.comments end as f_comments,
    case when lag(x.s) over w is null then x.shares end as f_shares,
    case when lag(x.s) over w is null then x.saves end as f_saves,
    case when lag(x.s) over w is null then x.views end as f_views
  from (
    select distinct on (ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'))
      ms.submission_id, p.campaign_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z') as s, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views
    from metrics_snapshots ms
    join submissions sb on sb.id = ms.submission_id
    join participations p on p.id = sb.participation_id
    cross join (values ('DAY', interval '24 hours'), ('WEEK', interval '168 hours')) as k(bucket, stride)
    where ms.submission_id in (select n.id from new_submissions n join old_submissions o on o.id = n.id
      where o.status = 'ACCEPTED' and n.status is distinct from 'ACCEPTED')
    order by ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'), ms.fetched_at desc, ms.id desc
  ) x
  window w as (partition by x.submission_id, x.bucket order by x.s)
) l
group by l.campaign_id, l.bucket, l.s
order by l.campaign_id, l.bucket, l.s
  on conflict (campaign_id, bucket, start_at) do update set
  submission_count = campaign_bucket_metrics.submission_count + excluded.submission_count,
  impressions_growth = campaign_bucket_metrics.impressions_growth + excluded.impressions_growth,
  impressions_growth_count = campaign_bucket_metrics.impressions_growth_count + excluded.impressions_growth_count,
  reach_growth = campaign_bucket_metrics.reach_growth + excluded.reach_growth,
  reach_growth_count = campaign_bucket_metrics.reach_growth_count + excluded.reach_growth_count,
  likes_growth = campaign_bucket_metrics.likes_growth + excluded.likes_growth,
  likes_growth_count = campaign_bucket_metrics.likes_growth_count + excluded.likes_growth_count,
  comments_growth = campaign_bucket_metrics.comments_growth + excluded.comments_growth,
  comments_growth_count = campaign_bucket_metrics.comments_growth_count + excluded.comments_growth_count,
  shares_growth = campaign_bucket_metrics.shares_growth + excluded.shares_growth,
  shares_growth_count = campaign_bucket_metrics.shares_growth_count + excluded.shares_growth_count,
  saves_growth = campaign_bucket_metrics.saves_growth + excluded.saves_growth,
  saves_growth_count = campaign_bucket_metrics.saves_growth_count + excluded.saves_growth_count,
  views_growth = campaign_bucket_metrics.views_growth + excluded.views_growth,
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count,
  first_count = campaign_bucket_metrics.first_count + excluded.first_count,
  impressions_first = campaign_bucket_metrics.impressions_first + excluded.impressions_first,
  impressions_first_count = campaign_bucket_metrics.impressions_first_count + excluded.impressions_first_count,
  reach_first = campaign_bucket_metrics.reach_first + excluded.reach_first,
  reach_first_count = campaign_bucket_metrics.reach_first_count + excluded.reach_first_count,
  likes_first = campaign_bucket_metrics.likes_first + excluded.likes_first,
  likes_first_count = campaign_bucket_metrics.likes_first_count + excluded.likes_first_count,
  comments_first = campaign_bucket_metrics.comments_first + excluded.comments_first,
  comments_first_count = campaign_bucket_metrics.comments_first_count + excluded.comments_first_count,
  shares_first = campaign_bucket_metrics.shares_first + excluded.shares_first,
  shares_first_count = campaign_bucket_metrics.shares_first_count + excluded.shares_first_count,
  saves_first = campaign_bucket_metrics.saves_first + excluded.saves_first,
  saves_first_count = campaign_bucket_metrics.saves_first_count + excluded.saves_first_count,
  views_first = campaign_bucket_metrics.views_first + excluded.views_first,
  views_first_count = campaign_bucket_metrics.views_first_count + excluded.views_first_count;
  return null;
end $$;
--> statement-breakpoint
delete from campaign_bucket_metrics;
--> statement-breakpoint
-- Backfill of the rollup: rebuilt from the stored snapshots, with the new columns.
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count, first_count, impressions_first, impressions_first_count, reach_first, reach_first_count, likes_first, likes_first_count, comments_first, comments_first_count, shares_first, shares_first_count, saves_first, saves_first_count, views_first, views_first_count)
select l.campaign_id, l.bucket, l.s, count(*)::int,
  coalesce(sum(l.g_impressions), 0), count(l.g_impressions)::int,
  coalesce(sum(l.g_reach), 0), count(l.g_reach)::int,
  coalesce(sum(l.g_likes), 0), count(l.g_likes)::int,
  coalesce(sum(l.g_comments), 0), count(l.g_comments)::int,
  coalesce(sum(l.g_shares), 0), count(l.g_shares)::int,
  coalesce(sum(l.g_saves), 0), count(l.g_saves)::int,
  coalesce(sum(l.g_views), 0), count(l.g_views)::int,
  count(*) filter (where l.first)::int,
  coalesce(sum(l.f_impressions), 0), count(l.f_impressions)::int,
  coalesce(sum(l.f_reach), 0), count(l.f_reach)::int,
  coalesce(sum(l.f_likes), 0), count(l.f_likes)::int,
  coalesce(sum(l.f_comments), 0), count(l.f_comments)::int,
  coalesce(sum(l.f_shares), 0), count(l.f_shares)::int,
  coalesce(sum(l.f_saves), 0), count(l.f_saves)::int,
  coalesce(sum(l.f_views), 0), count(l.f_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views,
    lag(x.s) over w is null as first,
    case when lag(x.s) over w is null then x.impressions end as f_impressions,
    case when lag(x.s) over w is null then x.reach end as f_reach,
    case when lag(x.s) over w is null then x.likes end as f_likes,
    case when lag(x.s) over w is null then x.comments end as f_comments,
    case when lag(x.s) over w is null then x.shares end as f_shares,
    case when lag(x.s) over w is null then x.saves end as f_saves,
    case when lag(x.s) over w is null then x.views end as f_views
  from (
    select distinct on (ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'))
      ms.submission_id, p.campaign_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z') as s, ms.impressions, ms.reach, ms.likes, ms.comments, ms.shares, ms.saves, ms.views
    from metrics_snapshots ms
    join submissions sb on sb.id = ms.submission_id
    join participations p on p.id = sb.participation_id
    cross join (values ('DAY', interval '24 hours'), ('WEEK', interval '168 hours')) as k(bucket, stride)
    where sb.status = 'ACCEPTED'
    order by ms.submission_id, k.bucket, date_bin(k.stride, ms.fetched_at, timestamptz '2001-01-01T00:00:00Z'), ms.fetched_at desc, ms.id desc
  ) x
  window w as (partition by x.submission_id, x.bucket order by x.s)
) l
group by l.campaign_id, l.bucket, l.s
order by l.campaign_id, l.bucket, l.s;
--> statement-breakpoint
-- Each submission's latest state (schema/tables.ts submissionLatestMetrics; src/analytics/analytics.queries.ts):
-- the latest snapshot by (fetched_at, id) and its counts, the latest attempt by
-- (attempted_at, id), the latest success. The upserts keep the greater of the stored and the written values, so
-- late, out-of-order and concurrent writers commute; rows are upserted in submission order.
create function submission_latest_metrics_after_snapshots() returns trigger language plpgsql as $$
begin
  -- the submissions first, in order, as the rollup's trigger does: every writer of a submission's latest state
  -- takes the submission's lock before the state's row, so snapshot and attempt writers never deadlock
  perform 1 from submissions sb where sb.id in (select n.submission_id from new_snapshots n) order by sb.id for no key update;
  insert into submission_latest_metrics as t (submission_id, campaign_id, last_snapshot_id, last_fetched_at, impressions, reach, likes, comments, shares, saves, views)
  select distinct on (n.submission_id) n.submission_id, p.campaign_id, n.id, n.fetched_at, n.impressions, n.reach, n.likes, n.comments, n.shares, n.saves, n.views
  from new_snapshots n
  join submissions sb on sb.id = n.submission_id
  join participations p on p.id = sb.participation_id
  order by n.submission_id, n.fetched_at desc, n.id desc
  on conflict (submission_id) do update set
    last_snapshot_id = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.last_snapshot_id else t.last_snapshot_id end,
    last_fetched_at = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.last_fetched_at else t.last_fetched_at end,
    impressions = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.impressions else t.impressions end,
    reach = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.reach else t.reach end,
    likes = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.likes else t.likes end,
    comments = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.comments else t.comments end,
    shares = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.shares else t.shares end,
    saves = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.saves else t.saves end,
    views = case when (t.last_fetched_at is null or (excluded.last_fetched_at, excluded.last_snapshot_id) > (t.last_fetched_at, t.last_snapshot_id)) then excluded.views else t.views end;
  return null;
end $$;
--> statement-breakpoint
create trigger metrics_snapshots_submission_latest_metrics after insert on metrics_snapshots
  referencing new table as new_snapshots for each statement execute function submission_latest_metrics_after_snapshots();
--> statement-breakpoint
create function submission_latest_metrics_after_attempts() returns trigger language plpgsql as $$
begin
  perform 1 from submissions sb where sb.id in (select n.submission_id from new_attempts n) order by sb.id for no key update;
  insert into submission_latest_metrics as t (submission_id, campaign_id, last_attempt_id, last_attempt_at, last_attempt_outcome, last_attempt_failure, last_success_at)
  select distinct on (n.submission_id) n.submission_id, p.campaign_id, n.id, n.attempted_at, n.outcome, n.failure_reason,
    max(n.attempted_at) filter (where n.outcome = 'SUCCESS') over (partition by n.submission_id)
  from new_attempts n
  join submissions sb on sb.id = n.submission_id
  join participations p on p.id = sb.participation_id
  order by n.submission_id, n.attempted_at desc, n.id desc
  on conflict (submission_id) do update set
    last_attempt_id = case when (t.last_attempt_at is null or (excluded.last_attempt_at, excluded.last_attempt_id) > (t.last_attempt_at, t.last_attempt_id)) then excluded.last_attempt_id else t.last_attempt_id end,
    last_attempt_at = case when (t.last_attempt_at is null or (excluded.last_attempt_at, excluded.last_attempt_id) > (t.last_attempt_at, t.last_attempt_id)) then excluded.last_attempt_at else t.last_attempt_at end,
    last_attempt_outcome = case when (t.last_attempt_at is null or (excluded.last_attempt_at, excluded.last_attempt_id) > (t.last_attempt_at, t.last_attempt_id)) then excluded.last_attempt_outcome else t.last_attempt_outcome end,
    last_attempt_failure = case when (t.last_attempt_at is null or (excluded.last_attempt_at, excluded.last_attempt_id) > (t.last_attempt_at, t.last_attempt_id)) then excluded.last_attempt_failure else t.last_attempt_failure end,
    last_success_at = greatest(t.last_success_at, excluded.last_success_at);
  return null;
end $$;
--> statement-breakpoint
create trigger ingestion_attempts_submission_latest_metrics after insert on ingestion_attempts
  referencing new table as new_attempts for each statement execute function submission_latest_metrics_after_attempts();
--> statement-breakpoint
-- Backfill of the latest state from the stored snapshots and attempts.
insert into submission_latest_metrics (submission_id, campaign_id, last_snapshot_id, last_fetched_at, impressions, reach, likes, comments, shares, saves, views, last_attempt_id, last_attempt_at, last_attempt_outcome, last_attempt_failure, last_success_at)
select sb.id, p.campaign_id, ls.id, ls.fetched_at, ls.impressions, ls.reach, ls.likes, ls.comments, ls.shares, ls.saves, ls.views, la.id, la.attempted_at, la.outcome, la.failure_reason, su.attempted_at
from submissions sb
join participations p on p.id = sb.participation_id
left join lateral (select ms.* from metrics_snapshots ms where ms.submission_id = sb.id order by ms.fetched_at desc, ms.id desc limit 1) ls on true
left join lateral (select ia.* from ingestion_attempts ia where ia.submission_id = sb.id order by ia.attempted_at desc, ia.id desc limit 1) la on true
left join lateral (select max(ia.attempted_at) as attempted_at from ingestion_attempts ia where ia.submission_id = sb.id and ia.outcome = 'SUCCESS') su on true
where ls.id is not null or la.id is not null
order by sb.id;
