import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import type { UserRole } from "../shared/enums.js";
import { Application } from "./application.type.js";
import { ApplicationPayload, ApplicationSecretPayload, CreateApplicationInput } from "./application.input.js";
import * as service from "./application.service.js";

const ApplicationConnection = ConnectionType("Application", Application);

@Authorized<UserRole>("ADMIN")
@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => ApplicationConnection, { description: "Admin: every registered application, newest first.", complexity: connectionComplexity })
  async applications(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.applications");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listApplications(context, page), page, cursors);
  }

  @Mutation(() => ApplicationSecretPayload, { description: "Admin: registers an application; its client secret is shown in this answer only." })
  createApplication(@Arg("input", () => CreateApplicationInput) input: CreateApplicationInput, @Ctx() context: Context) {
    return service.createApplication(context, input);
  }

  @Mutation(() => ApplicationPayload, { description: "Admin: revokes an application; its tokens stop working on their next request." })
  async revokeApplication(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return { application: await service.revokeApplication(context, id) };
  }

  @Mutation(() => ApplicationSecretPayload, { description: "Admin: replaces an application's client secret (shown once); the old one stops working." })
  rotateApplicationSecret(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return service.rotateApplicationSecret(context, id);
  }
}
