import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { ConnectionArgs, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { Participation, ParticipationConnection, ParticipationFilter } from "../participations/participation.type.js";
import { getParticipation } from "../participations/participation.access.js";
import { listParticipations } from "../participations/participation.service.js";
import { ActOnTaskInput, ActOnTaskPayload } from "./task.input.js";
import { actOnTask } from "./task.service.js";

/** The back office's view of participations as tasks: brands (their campaigns') and admins only. */
@Resolver()
export class TaskResolver {
  @Authorized<UserRole>("BRAND", "ADMIN")
  @Query(() => ParticipationConnection, {
    description:
      "Brands and admins: participations as tasks (see `Participation.taskStatus`), as `participations` lists them (a brand: " +
      "those in its campaigns). Newest first.",
    complexity: connectionComplexity,
  })
  async backOfficeTasks(
    @Arg("filter", () => ParticipationFilter, { nullable: true }) filter: ParticipationFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: Context,
  ) {
    const cursors = listCursors(context, "Query.backOfficeTasks");
    const page = parsePageArgs(args, cursors);
    return toConnection(await listParticipations(context, filter, page), page, cursors);
  }

  @Authorized<UserRole>("BRAND", "ADMIN")
  @Query(() => Participation, { nullable: true, description: "Brands and admins: one task of a campaign they manage. Null, with NOT_FOUND, otherwise." })
  async backOfficeTask(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return (await getParticipation(context, id)).participation;
  }

  @Authorized<UserRole>("BRAND", "ADMIN")
  @Mutation(() => ActOnTaskPayload, {
    description: "The campaign's owner (or an admin) approves, rejects, completes or pays a task. A move its status does not allow is CONFLICT.",
  })
  actOnTask(@Arg("input", () => ActOnTaskInput) input: ActOnTaskInput, @Ctx() context: Context) {
    return actOnTask(context, input);
  }
}
