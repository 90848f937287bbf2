import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { User, type UserRow } from "../users/user.type.js";
import { userAccess } from "../users/user.access.js";
import {
  MarkNotificationsReadInput,
  MarkNotificationsReadPayload,
  Notification,
  SendNotificationInput,
  SendNotificationPayload,
} from "./notification.type.js";
import * as service from "./notification.service.js";

const NotificationConnection = ConnectionType("Notification", Notification);

@Resolver()
export class NotificationResolver {
  @Authorized<UserRole>("ADMIN")
  @Mutation(() => SendNotificationPayload, { description: "Admin: stores a notification for one user (legacy /api/user/notification/)." })
  async sendNotification(@Arg("input", () => SendNotificationInput) input: SendNotificationInput, @Ctx() context: Context) {
    return { notification: await service.sendNotification(context, input) };
  }

  @Authorized()
  @Mutation(() => MarkNotificationsReadPayload, { description: "Marks the viewer's notifications read: the ones named, or all when none are." })
  markNotificationsRead(
    @Arg("input", () => MarkNotificationsReadInput, { nullable: true }) input: MarkNotificationsReadInput | null,
    @Ctx() context: Context,
  ) {
    return service.markNotificationsRead(context, input?.ids);
  }
}

@Resolver(() => User)
export class UserNotificationsResolver {
  @FieldResolver(() => NotificationConnection, {
    nullable: true,
    complexity: connectionComplexity,
    description: "The user's notifications, newest first. Visible to the user and administrators only (null for anyone else).",
  })
  async notifications(@Root() user: UserRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    if (userAccess(context.viewer, user.id) === "none") return null;
    const cursors = listCursors(context, "User.notifications");
    const page = parsePageArgs(args, cursors);
    return toConnection(await context.loaders.users.notificationPageByUserId(page).load(user.id), page, cursors);
  }
}
