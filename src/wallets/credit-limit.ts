// A brand's credit limit (docs/money.md "Credit limit"): the most escrow its campaigns may hold together,
// in one currency. Admins set it (`setAdvertiserCreditLimit`); `fundCampaign` refuses a funding that would
// take the escrow held for the brand's campaigns, converted at the stored rates, above it. Without a limit
// (both columns null) funding is unlimited.
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import { eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { queryRows, type Executor } from "../db/client.js";
import { Conflict, NotFound, ValidationFailed } from "../shared/errors.js";
import { loadByAnyId } from "../shared/loader.js";
import { users } from "../../schema/tables.js";
import { convertedHundredthsSql, requireKnownCurrency } from "../reference/exchange.js";
import { User, type UserRow } from "../users/user.type.js";

@ObjectType("CreditLimit", { description: "The most escrow a brand's campaigns may hold together (the legacy maximum-limit)." })
export class CreditLimit {
  @Field(() => SafeIntResolver, { description: "Hundredths of `currency`." }) amountCents!: number;
  @Field(() => String, { description: "ISO 4217 code; the escrow of campaigns in other currencies is converted at the stored rates." })
  currency!: string;
}

@InputType("SetAdvertiserCreditLimitInput")
export class SetAdvertiserCreditLimitInput {
  @Field(() => ID, { description: "The brand (a user id, or its legacy integer id)." }) advertiserId!: string;
  @Field(() => SafeIntResolver, { nullable: true, description: "Hundredths of `currency`, ≥ 0; null removes the limit." })
  amountCents?: number | null;
  @Field(() => String, { nullable: true, description: "ISO 4217 code with a stored exchange rate; required with an amount." })
  currency?: string | null;
}

@ObjectType("SetAdvertiserCreditLimitPayload")
export class SetAdvertiserCreditLimitPayload {
  @Field(() => User) advertiser!: UserRow;
  @Field(() => CreditLimit, { nullable: true, description: "The limit now; null: unlimited." }) creditLimit!: CreditLimit | null;
}

/** The brand's limit, or null when it has none. */
export function creditLimitOf(user: Pick<UserRow, "creditLimitCents" | "creditLimitCurrency">): CreditLimit | null {
  return user.creditLimitCents === null || user.creditLimitCurrency === null
    ? null
    : { amountCents: Number(user.creditLimitCents), currency: user.creditLimitCurrency };
}

/** The brand `id` names (public id or legacy integer key): NOT_FOUND unless it is a BRAND account. */
export async function requireAdvertiser(context: Context, id: string, field = "advertiserId"): Promise<UserRow> {
  const user = await loadByAnyId(context.loaders.users, id, "user", field);
  if (!user || user.role !== "BRAND") throw NotFound("Advertiser", id);
  return user;
}

/** Admin: sets (or, with a null amount, removes) a brand's credit limit. */
export async function setAdvertiserCreditLimit(context: Context, input: SetAdvertiserCreditLimitInput): Promise<SetAdvertiserCreditLimitPayload> {
  const advertiser = await requireAdvertiser(context, input.advertiserId);
  let limit: CreditLimit | null = null;
  if (input.amountCents != null) {
    const currency = (input.currency ?? "").trim().toUpperCase();
    const errors: Record<string, string> = {};
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0) errors.amountCents = "must be a whole number of hundredths, not negative";
    if (!/^[A-Z]{3}$/.test(currency)) errors.currency = "required with an amount: a 3-letter currency code";
    if (Object.keys(errors).length) throw ValidationFailed("The credit limit is not valid", errors);
    await requireKnownCurrency(context.db, currency);
    limit = { amountCents: input.amountCents, currency };
  }
  const [updated] = await context.db
    .update(users)
    .set({ creditLimitCents: limit?.amountCents ?? null, creditLimitCurrency: limit?.currency ?? null, updatedAt: new Date() })
    .where(eq(users.id, advertiser.id))
    .returning();
  context.loaders.users.byId.clear(advertiser.id).prime(advertiser.id, updated!);
  return { advertiser: updated!, creditLimit: limit };
}

/**
 * Inside a funding transaction: locks the brand's users row (FOR NO KEY UPDATE: concurrent fundings of the
 * brand's campaigns wait for each other, while rows that merely reference the user are not blocked), then
 * refuses (CONFLICT) when the escrow held for all the brand's campaigns, with `escrowDeltaCents` added to
 * `campaignId`'s (not yet posted), would exceed the brand's limit. Call before posting the funding's entries.
 */
export async function enforceCreditLimit(tx: Executor, ownerId: number, campaignId: number, escrowDeltaCents: number): Promise<void> {
  const [owner] = await queryRows<{ limit_cents: string | null; limit_currency: string | null }>(
    tx,
    sql`select credit_limit_cents::text as limit_cents, credit_limit_currency as limit_currency from users where id = ${ownerId} for no key update`,
  );
  // A funding that all goes to blocked accruals adds no escrow: it never breaks the limit.
  if (!owner || owner.limit_cents === null || owner.limit_currency === null || escrowDeltaCents <= 0) return;
  const limitCents = Number(owner.limit_cents);
  const currency = owner.limit_currency;
  // Summed per currency first, then converted: one rounding per currency.
  const [held] = await queryRows<{ held: string | null; unconverted: number }>(
    tx,
    sql`with per_currency as (
          select a.currency, sum(a.balance_cents + case when a.campaign_id = ${campaignId} then ${escrowDeltaCents}::bigint else 0 end) as cents
          from ledger_accounts a join campaigns c on c.id = a.campaign_id
          where a.kind = 'CAMPAIGN_ESCROW' and c.owner_id = ${ownerId}
          group by a.currency
        ), converted as (
          select ${convertedHundredthsSql(sql`per_currency.cents`, sql`per_currency.currency`, currency)} as cents from per_currency
        )
        select coalesce(sum(cents), 0)::text as held, count(*) filter (where cents is null)::int as unconverted from converted`,
  );
  if (held!.unconverted > 0) throw Conflict(`The escrow of some of this brand's campaigns cannot be converted to ${currency}, so its credit limit cannot be checked`);
  const heldCents = Number(held!.held);
  if (heldCents > limitCents) {
    throw Conflict(`This funding would take the escrow held for the brand's campaigns above its credit limit of ${(limitCents / 100).toFixed(2)} ${currency}`, {
      limitCents,
      currency,
      heldAfterFundingCents: heldCents,
    });
  }
}
