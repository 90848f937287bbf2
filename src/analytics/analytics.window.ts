// The analytics window (docs/analytics.md): `[from, to)` with defaults, limits and the bucket size. Every analytics
// query resolves its arguments here first, so the rules and their VALIDATION_ERRORs live in one place.
import { ValidationFailed } from "../shared/errors.js";

export type AnalyticsBucketName = "DAY" | "WEEK";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `to` − 30 days when `from` is not given. */
export const DEFAULT_WINDOW_DAYS = 30;
/** DAY buckets for windows up to this long (the default below, and the most an explicit DAY allows). */
export const MAX_DAY_BUCKET_WINDOW_DAYS = 62;
/** The longest window any analytics query accepts. */
export const MAX_WINDOW_DAYS = 366;

/** Bucket strides as SQL intervals: whole hours, so that adding one never depends on the session's time zone. */
export const BUCKET_STRIDE: Record<AnalyticsBucketName, string> = { DAY: "24 hours", WEEK: "168 hours" };
export const BUCKET_MS: Record<AnalyticsBucketName, number> = { DAY: DAY_MS, WEEK: 7 * DAY_MS };
/** A Monday, 00:00 UTC: `date_bin` from here gives UTC days and ISO weeks. */
export const BUCKET_ORIGIN = "2001-01-01T00:00:00Z";

export interface AnalyticsWindowArgs {
  from?: Date | null;
  to?: Date | null;
  bucket?: AnalyticsBucketName | null;
}

export interface AnalyticsWindow {
  from: Date;
  to: Date;
  bucket: AnalyticsBucketName;
  /** The present moment the request is answered at: it cuts the current bucket (`isPartial`). */
  now: Date;
}

/**
 * Applies docs/analytics.md: `to` defaults to now, `from` to `to` − 30 days; `from < to`; at most 366 days; DAY
 * buckets up to 62 days, WEEK above. An explicit WEEK is always allowed, an explicit DAY only up to 62 days.
 * Every broken rule is named in `details.fields`.
 */
export function resolveWindow(args: AnalyticsWindowArgs, now: Date = new Date()): AnalyticsWindow {
  const to = args.to ?? now;
  const from = args.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  const fields: Record<string, string> = {};
  const span = to.getTime() - from.getTime();
  if (span <= 0) fields.from = args.from ? "must be before to" : "must be before to (to defaults to now)";
  else if (span > MAX_WINDOW_DAYS * DAY_MS) fields.from = `the window from..to may span at most ${MAX_WINDOW_DAYS} days`;
  if (args.bucket === "DAY" && span > MAX_DAY_BUCKET_WINDOW_DAYS * DAY_MS) {
    fields.bucket = `DAY buckets allow windows of at most ${MAX_DAY_BUCKET_WINDOW_DAYS} days; use WEEK`;
  }
  if (Object.keys(fields).length) throw ValidationFailed("The analytics window is not valid", fields);
  const bucket = args.bucket ?? (span <= MAX_DAY_BUCKET_WINDOW_DAYS * DAY_MS ? "DAY" : "WEEK");
  return { from, to, bucket, now };
}
