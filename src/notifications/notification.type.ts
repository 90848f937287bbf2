import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { NotificationRow } from "../users/user.loaders.js";

export type { NotificationRow };

@ObjectType("Notification", { description: "A message an administrator sent to one user (legacy /api/user/notification/)." })
export class Notification {
  @Field(() => ID, { name: "id", description: "Opaque id: `notification_<random>`." }) publicId!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: "A short slug the sender chose (`campaign`, `payment_due`): 1 to 40 of a-z, 0-9, _ and -." }) type!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: "When the user marked it read; null while unread." }) readAt!: Date | null;
}

@InputType("SendNotificationInput")
export class SendNotificationInput {
  @Field(() => ID, { description: "The recipient: a user id, or its legacy integer id." }) userId!: string;
  @Field(() => String, { description: "1 to 2000 characters." }) message!: string;
  @Field(() => String, { description: "1 to 40 of a-z, 0-9, _ and -." }) type!: string;
}

@ObjectType("SendNotificationPayload")
export class SendNotificationPayload {
  @Field(() => Notification) notification!: NotificationRow;
}

@InputType("MarkNotificationsReadInput")
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: "The viewer's notifications to mark read; none (or null) marks every one." })
  ids?: string[] | null;
}

@ObjectType("MarkNotificationsReadPayload")
export class MarkNotificationsReadPayload {
  @Field(() => Int, { description: "How many of them were unread before." }) markedCount!: number;
  @Field(() => Int, { description: "The viewer's notifications still unread." }) unreadCount!: number;
}
