CREATE TABLE "campaign_bucket_metrics" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_bucket_metrics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"bucket" text NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"submission_count" integer DEFAULT 0 NOT NULL,
	"impressions_growth" bigint DEFAULT 0 NOT NULL,
	"impressions_growth_count" integer DEFAULT 0 NOT NULL,
	"reach_growth" bigint DEFAULT 0 NOT NULL,
	"reach_growth_count" integer DEFAULT 0 NOT NULL,
	"likes_growth" bigint DEFAULT 0 NOT NULL,
	"likes_growth_count" integer DEFAULT 0 NOT NULL,
	"comments_growth" bigint DEFAULT 0 NOT NULL,
	"comments_growth_count" integer DEFAULT 0 NOT NULL,
	"shares_growth" bigint DEFAULT 0 NOT NULL,
	"shares_growth_count" integer DEFAULT 0 NOT NULL,
	"saves_growth" bigint DEFAULT 0 NOT NULL,
	"saves_growth_count" integer DEFAULT 0 NOT NULL,
	"views_growth" bigint DEFAULT 0 NOT NULL,
	"views_growth_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_bucket_metrics_bucket" CHECK ("campaign_bucket_metrics"."bucket" in ('DAY', 'WEEK'))
);
--> statement-breakpoint
ALTER TABLE "campaign_bucket_metrics" ADD CONSTRAINT "campaign_bucket_metrics_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_bucket_metrics_key" ON "campaign_bucket_metrics" USING btree ("campaign_id","bucket","start_at");
--> statement-breakpoint
-- The campaign time-series rollup (schema/tables.ts campaignBucketMetrics, src/analytics/analytics.rollup.ts).
-- A submission's share of a bucket depends only on its last snapshot in the bucket and its last one before it, so
-- a new snapshot changes at most its own bucket and the next bucket holding a snapshot; a submission that starts
-- or stops being ACCEPTED adds or takes away its whole share. Triggers keep it in the writing transaction
-- (ingestion, seeds and tests write snapshots alike); the submission's row lock serializes one submission's
-- writers, and the upserts add, so writers of different submissions of one campaign commute.
-- work_mem: `not in (new rows)` is a hashed lookup only while the new ids fit in it (a bulk insert of a seed).
create function campaign_bucket_metrics_after_snapshots() returns trigger language plpgsql set work_mem = '128MB' as $$
begin
  -- no key update: the insert already holds a key-share lock on the submission (the foreign key), which
  -- `for update` would conflict with when two statements write snapshots of one submission at once
  perform 1 from submissions sb where sb.id in (select n.submission_id from new_snapshots n) order by sb.id for no key update;
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count)
  select a.campaign_id, a.bucket, a.s,
    sum((e1.id is not null)::int - (e0.id is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.impressions is not null and p1.impressions is not null then greatest(e1.impressions - p1.impressions, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.impressions is not null and p0.impressions is not null then greatest(e0.impressions - p0.impressions, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.impressions is not null and p1.impressions is not null then greatest(e1.impressions - p1.impressions, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.impressions is not null and p0.impressions is not null then greatest(e0.impressions - p0.impressions, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.reach is not null and p1.reach is not null then greatest(e1.reach - p1.reach, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.reach is not null and p0.reach is not null then greatest(e0.reach - p0.reach, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.reach is not null and p1.reach is not null then greatest(e1.reach - p1.reach, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.reach is not null and p0.reach is not null then greatest(e0.reach - p0.reach, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.likes is not null and p1.likes is not null then greatest(e1.likes - p1.likes, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.likes is not null and p0.likes is not null then greatest(e0.likes - p0.likes, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.likes is not null and p1.likes is not null then greatest(e1.likes - p1.likes, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.likes is not null and p0.likes is not null then greatest(e0.likes - p0.likes, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.comments is not null and p1.comments is not null then greatest(e1.comments - p1.comments, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.comments is not null and p0.comments is not null then greatest(e0.comments - p0.comments, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.comments is not null and p1.comments is not null then greatest(e1.comments - p1.comments, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.comments is not null and p0.comments is not null then greatest(e0.comments - p0.comments, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.shares is not null and p1.shares is not null then greatest(e1.shares - p1.shares, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.shares is not null and p0.shares is not null then greatest(e0.shares - p0.shares, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.shares is not null and p1.shares is not null then greatest(e1.shares - p1.shares, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.shares is not null and p0.shares is not null then greatest(e0.shares - p0.shares, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.saves is not null and p1.saves is not null then greatest(e1.saves - p1.saves, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.saves is not null and p0.saves is not null then greatest(e0.saves - p0.saves, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.saves is not null and p1.saves is not null then greatest(e1.saves - p1.saves, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.saves is not null and p0.saves is not null then greatest(e0.saves - p0.saves, 0) end is not null)::int)::int,
    sum(coalesce(case when p1.fetched_at is not null and e1.views is not null and p1.views is not null then greatest(e1.views - p1.views, 0) end, 0) - coalesce(case when p0.fetched_at is not null and e0.views is not null and p0.views is not null then greatest(e0.views - p0.views, 0) end, 0)), sum((case when p1.fetched_at is not null and e1.views is not null and p1.views is not null then greatest(e1.views - p1.views, 0) end is not null)::int - (case when p0.fetched_at is not null and e0.views is not null and p0.views is not null then greatest(e0.views - p0.views, 0) end is not null)::int)::int
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
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count;
  return null;
end $$;
--> statement-breakpoint
create trigger metrics_snapshots_campaign_bucket_metrics after insert on metrics_snapshots
  referencing new table as new_snapshots for each statement execute function campaign_bucket_metrics_after_snapshots();
--> statement-breakpoint
-- One ordered upsert per statement (a participation's approval accepts several submissions at once), so
-- that concurrent writers lock the campaign's rows in one order.
create function campaign_bucket_metrics_after_status() returns trigger language plpgsql as $$
begin
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count)
select l.campaign_id, l.bucket, l.s, count(*)::int,
  coalesce(sum(l.g_impressions), 0), count(l.g_impressions)::int,
  coalesce(sum(l.g_reach), 0), count(l.g_reach)::int,
  coalesce(sum(l.g_likes), 0), count(l.g_likes)::int,
  coalesce(sum(l.g_comments), 0), count(l.g_comments)::int,
  coalesce(sum(l.g_shares), 0), count(l.g_shares)::int,
  coalesce(sum(l.g_saves), 0), count(l.g_saves)::int,
  coalesce(sum(l.g_views), 0), count(l.g_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views
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
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count;
  insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count)
select l.campaign_id, l.bucket, l.s, -count(*)::int,
  -coalesce(sum(l.g_impressions), 0), -count(l.g_impressions)::int,
  -coalesce(sum(l.g_reach), 0), -count(l.g_reach)::int,
  -coalesce(sum(l.g_likes), 0), -count(l.g_likes)::int,
  -coalesce(sum(l.g_comments), 0), -count(l.g_comments)::int,
  -coalesce(sum(l.g_shares), 0), -count(l.g_shares)::int,
  -coalesce(sum(l.g_saves), 0), -count(l.g_saves)::int,
  -coalesce(sum(l.g_views), 0), -count(l.g_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views
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
  views_growth_count = campaign_bucket_metrics.views_growth_count + excluded.views_growth_count;
  return null;
end $$;
--> statement-breakpoint
create trigger submissions_campaign_bucket_metrics after update on submissions
  referencing old table as old_submissions new table as new_submissions for each statement execute function campaign_bucket_metrics_after_status();
--> statement-breakpoint
-- Backfill from the snapshots already stored.
insert into campaign_bucket_metrics (campaign_id, bucket, start_at, submission_count, impressions_growth, impressions_growth_count, reach_growth, reach_growth_count, likes_growth, likes_growth_count, comments_growth, comments_growth_count, shares_growth, shares_growth_count, saves_growth, saves_growth_count, views_growth, views_growth_count)
select l.campaign_id, l.bucket, l.s, count(*)::int,
  coalesce(sum(l.g_impressions), 0), count(l.g_impressions)::int,
  coalesce(sum(l.g_reach), 0), count(l.g_reach)::int,
  coalesce(sum(l.g_likes), 0), count(l.g_likes)::int,
  coalesce(sum(l.g_comments), 0), count(l.g_comments)::int,
  coalesce(sum(l.g_shares), 0), count(l.g_shares)::int,
  coalesce(sum(l.g_saves), 0), count(l.g_saves)::int,
  coalesce(sum(l.g_views), 0), count(l.g_views)::int
from (
  select x.campaign_id, x.bucket, x.s,
    case when lag(x.s) over w is not null and x.impressions is not null and lag(x.impressions) over w is not null then greatest(x.impressions - lag(x.impressions) over w, 0) end as g_impressions,
    case when lag(x.s) over w is not null and x.reach is not null and lag(x.reach) over w is not null then greatest(x.reach - lag(x.reach) over w, 0) end as g_reach,
    case when lag(x.s) over w is not null and x.likes is not null and lag(x.likes) over w is not null then greatest(x.likes - lag(x.likes) over w, 0) end as g_likes,
    case when lag(x.s) over w is not null and x.comments is not null and lag(x.comments) over w is not null then greatest(x.comments - lag(x.comments) over w, 0) end as g_comments,
    case when lag(x.s) over w is not null and x.shares is not null and lag(x.shares) over w is not null then greatest(x.shares - lag(x.shares) over w, 0) end as g_shares,
    case when lag(x.s) over w is not null and x.saves is not null and lag(x.saves) over w is not null then greatest(x.saves - lag(x.saves) over w, 0) end as g_saves,
    case when lag(x.s) over w is not null and x.views is not null and lag(x.views) over w is not null then greatest(x.views - lag(x.views) over w, 0) end as g_views
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
