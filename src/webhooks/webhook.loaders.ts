import { sql } from "drizzle-orm";
import type { LoaderSource } from "../shared/loader.js";
import { loaderGroupedByKey } from "../shared/loader.js";
import { arrayParam } from "../db/array-param.js";
import { webhookDeliveryAttempts } from "../../schema/tables.js";

export function createWebhookLoaders({ db }: LoaderSource) {
  /** Every attempt of each delivery, oldest first (a delivery has at most WEBHOOK_MAX_ATTEMPTS). */
  const attemptsByDeliveryId = loaderGroupedByKey(
    (deliveryIds: number[]) =>
      db
        .select()
        .from(webhookDeliveryAttempts)
        .where(sql`${webhookDeliveryAttempts.deliveryId} = any(${arrayParam(deliveryIds, "int")})`)
        .orderBy(webhookDeliveryAttempts.id),
    (row) => row.deliveryId,
  );
  return { attemptsByDeliveryId };
}
