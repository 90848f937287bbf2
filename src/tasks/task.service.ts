// Tasks: a participation seen as a legacy task (docs/legacy-api.md, "The task model"), acted on by its
// campaign's owner. Each action is one of the participation's own transitions, or a payout of what it
// accrued; this module only chooses which, so the rules stay in participations/ and wallets/.
import type { Context } from "../context.js";
import { Conflict } from "../shared/errors.js";
import { getOwnedParticipation } from "../participations/participation.access.js";
import type { ParticipationRow } from "../participations/participation.type.js";
import * as participations from "../participations/participation.service.js";
import { payOut } from "../wallets/wallet.service.js";
import type { ActOnTaskInput, TaskAction } from "./task.input.js";

export async function actOnTask(context: Context, input: ActOnTaskInput): Promise<{ action: TaskAction; participation: ParticipationRow; paidCents: number }> {
  return { action: input.action, ...(await act(context, input)) };
}

async function act(context: Context, input: ActOnTaskInput): Promise<{ participation: ParticipationRow; paidCents: number }> {
  const id = input.participationId;
  switch (input.action) {
    case "APPROVE":
      return { participation: await participations.approveParticipation(context, id), paidCents: 0 };
    case "REJECT":
      return { participation: await participations.rejectParticipation(context, id), paidCents: 0 };
    case "COMPLETE":
      return { participation: await participations.completeParticipation(context, id), paidCents: 0 };
    case "PAY":
      return payTask(context, id);
  }
}

/**
 * Pays out everything payable of an ACCEPTED task: a payout for its influencer in its campaign (one
 * participation per pair, so that is exactly this task). Paying a PAID task again is a success that moves
 * nothing; any other status, or an accepted task with nothing payable, is CONFLICT. The idempotency key
 * names the task and what it had accrued and been paid, so a repeated request replays the first payout, and
 * money accrued (or released from blocked) later is paid by the next request.
 */
async function payTask(context: Context, id: string): Promise<{ participation: ParticipationRow; paidCents: number }> {
  const { participation, campaign } = await getOwnedParticipation(context, id);
  const { taskStatus } = (await context.loaders.participations.taskStatusById.load(participation.id))!;
  if (taskStatus === "PAID") return { participation, paidCents: 0 };
  if (taskStatus !== "ACCEPTED") throw Conflict(`Only an accepted task can be paid; this one is ${taskStatus}`, { taskStatus });
  const earnings = (await context.loaders.wallets.earningsByParticipationId.load(participation.id))!;
  // A concurrent PAY may have paid everything between the two reads: that is the PAID case, not a conflict
  // (the same rule as participation.task.ts: something accrued and all of it paid).
  if (earnings.payableCents === 0 && earnings.accruedCents > 0 && earnings.paidCents === earnings.accruedCents) return { participation, paidCents: 0 };
  if (earnings.payableCents === 0) {
    throw Conflict(
      earnings.blockedCents > 0 ? "What this task earned waits for the campaign's escrow to be funded" : "Nothing has accrued for this task yet",
      { accruedCents: earnings.accruedCents, blockedCents: earnings.blockedCents },
    );
  }
  const influencer = (await context.loaders.users.byId.load(participation.influencerId))!;
  const paid = await payOut(context, {
    campaignId: campaign.publicId,
    influencerId: influencer.publicId,
    idempotencyKey: `task-pay:${participation.publicId}:${earnings.accruedCents}:${earnings.paidCents}`,
  });
  context.loaders.participations.taskStatusById.clear(participation.id);
  context.loaders.wallets.earningsByParticipationId.clear(participation.id);
  return { participation, paidCents: paid.paidCents };
}
