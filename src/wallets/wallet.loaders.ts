// Batched reads of balances and earnings: one statement per field per request, whatever the list size.
import DataLoader from "dataloader";
import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { queryRows } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import type { CampaignWallet, Earnings } from "./wallet.type.js";
import type { BonusAwardRef } from "./bonus.type.js";
import { earningsSumsSql, moneyStreamsOfSums } from "./money.js";

interface SumRow {
  accrued: string;
  blocked: string;
  paid: string;
  bonus?: string;
}

const SUMS = sql`${earningsSumsSql("e")}, coalesce(sum(e.bonus_cents), 0)::text as bonus`;

const earnings = (currency: string, row: SumRow | undefined): Earnings => ({
  currency,
  ...moneyStreamsOfSums(row),
  bonusCents: Number(row?.bonus ?? 0),
});

/** The awards whose `column` (participation_id, submission_id or campaign_id) is one of `ids`, oldest first. */
function bonusAwardsBy(db: LoaderSource["db"], column: "participation_id" | "submission_id" | "campaign_id") {
  return new DataLoader(async (ids: readonly number[]) => {
    const rows = await queryRows<{
      key: number;
      public_id: string;
      kind: BonusAwardRef["kind"];
      participation_id: number;
      submission_id: number;
      amount_cents: string;
      funded_cents: string;
      currency: string;
      score: string;
      awarded_at: string | Date;
    }>(
      db,
      sql`select b.${sql.raw(column)} as key, b.public_id, b.kind, b.participation_id, b.submission_id, b.amount_cents::text,
            b.funded_cents::text, c.currency, b.score::text, b.awarded_at
          from campaign_bonus_awards b join campaigns c on c.id = b.campaign_id
          where b.${sql.raw(column)} = any(${arrayParam(ids, "int")})
          order by b.id`,
    );
    const byKey = new Map<number, BonusAwardRef[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      byKey.get(Number(row.key))?.push({
        publicId: row.public_id,
        kind: row.kind,
        participationId: Number(row.participation_id),
        submissionId: Number(row.submission_id),
        amountCents: Number(row.amount_cents),
        fundedAtAwardCents: Number(row.funded_cents),
        currency: row.currency,
        score: Number(row.score),
        awardedAt: new Date(row.awarded_at),
      });
    }
    return ids.map((id) => byKey.get(id)!);
  });
}

export function createWalletLoaders({ db }: LoaderSource) {
  /** Each campaign's escrow balance, what was funded, and its influencers' earnings summed. */
  const byCampaignId = new DataLoader(async (ids: readonly number[]) => {
    const rows = await queryRows<SumRow & { id: number; currency: string; escrow: string; funded: string }>(
      db,
      sql`select c.id, c.currency,
            coalesce((select a.balance_cents from ledger_accounts a
                      where a.kind = 'CAMPAIGN_ESCROW' and a.campaign_id = c.id and a.currency = c.currency), 0)::text as escrow,
            coalesce((select -a.balance_cents from ledger_accounts a
                      where a.kind = 'EXTERNAL' and a.campaign_id = c.id and a.currency = c.currency), 0)::text as funded,
            ${SUMS}
          from campaigns c
          left join participations p on p.campaign_id = c.id
          left join submissions s on s.participation_id = p.id
          left join submission_earnings e on e.submission_id = s.id
          where c.id = any(${arrayParam(ids, "int")})
          group by c.id, c.currency`,
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id): CampaignWallet | undefined => {
      const row = byId.get(id);
      if (!row) return undefined;
      const { blockedReason: _ignored, ...sums } = earnings(row.currency, row);
      return { ...sums, escrowBalanceCents: Number(row.escrow), fundedCents: Number(row.funded) };
    });
  });

  /** The earnings of each participation (its submissions summed), in its campaign's currency. */
  const earningsByParticipationId = new DataLoader(async (ids: readonly number[]) => {
    const rows = await queryRows<SumRow & { id: number; currency: string }>(
      db,
      sql`select p.id, c.currency, ${SUMS}
          from participations p
          join campaigns c on c.id = p.campaign_id
          left join submissions s on s.participation_id = p.id
          left join submission_earnings e on e.submission_id = s.id
          where p.id = any(${arrayParam(ids, "int")})
          group by p.id, c.currency`,
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? earnings(row.currency, row) : undefined;
    });
  });

  /** An influencer's earnings over every campaign, one summary per currency. */
  const earningsByInfluencerId = new DataLoader(async (ids: readonly number[]) => {
    const rows = await queryRows<SumRow & { id: number; currency: string }>(
      db,
      sql`select p.influencer_id as id, c.currency, ${SUMS}
          from participations p
          join campaigns c on c.id = p.campaign_id
          join submissions s on s.participation_id = p.id
          join submission_earnings e on e.submission_id = s.id
          where p.influencer_id = any(${arrayParam(ids, "int")})
          group by p.influencer_id, c.currency
          order by c.currency`,
    );
    const byId = new Map<number, Earnings[]>(ids.map((id) => [id, []]));
    for (const row of rows) byId.get(Number(row.id))?.push(earnings(row.currency, row));
    return ids.map((id) => byId.get(id)!);
  });

  return {
    byCampaignId,
    earningsByParticipationId,
    earningsByInfluencerId,
    bonusesByParticipationId: bonusAwardsBy(db, "participation_id"),
    bonusesBySubmissionId: bonusAwardsBy(db, "submission_id"),
    bonusesByCampaignId: bonusAwardsBy(db, "campaign_id"),
  };
}
