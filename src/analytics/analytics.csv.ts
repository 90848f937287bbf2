// The campaign dashboard as CSV (RFC 4180): one row per counted submission, the same facts the GraphQL
// breakdowns sum. Rendering only: every number comes from the analytics SQL.
import type { CampaignFactsRow } from "./analytics.queries.js";
import { METRIC_NAMES } from "../platforms/platforms.js";
import { effectiveCpmCents, payableCents } from "../wallets/money.js";

export const CSV_COLUMNS = [
  "submission_id",
  "participation_id",
  "influencer_id",
  "influencer_name",
  "platform",
  "status",
  "content_url",
  "submitted_at",
  ...METRIC_NAMES,
  "delivered_impressions",
  "engagements",
  "accrued_cents",
  "paid_cents",
  "blocked_cents",
  "payable_cents",
  "effective_cpm_cents",
  "engagement_rate",
] as const;

/**
 * One field: quoted when it holds a separator, quote or line break; a text cell that a spreadsheet would
 * run as a formula (= + - @, tab, CR) is prefixed with an apostrophe (CSV injection).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const ratio = (numerator: number, denominator: number, digits: number) =>
  denominator > 0 ? Math.round((numerator / denominator) * 10 ** digits) / 10 ** digits : null;

export function campaignCsv(rows: readonly CampaignFactsRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const { accruedCents, paidCents, blockedCents } = row.money;
    const cells: (string | number | null)[] = [
      row.publicId,
      row.participationPublicId,
      row.influencerPublicId,
      row.influencerName,
      row.platform,
      row.status,
      row.contentUrl,
      row.submittedAt.toISOString(),
      ...METRIC_NAMES.map((metric) => row.totals[metric]),
      row.deliveredImpressions,
      row.engagements,
      accruedCents,
      paidCents,
      blockedCents,
      payableCents(row.money),
      effectiveCpmCents(accruedCents, row.deliveredImpressions),
      ratio(row.engagements, row.deliveredImpressions, 6),
    ];
    lines.push(cells.map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
