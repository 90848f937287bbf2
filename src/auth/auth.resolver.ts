import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { requireViewer } from "./access.js";
import { AuthPayload, ChangePasswordInput, SignInInput, SignOutPayload, SignUpInput } from "./auth.types.js";
import * as auth from "./auth.service.js";

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Creates a BRAND or INFLUENCER account and signs it in." })
  signUp(@Arg("input", () => SignUpInput) input: SignUpInput, @Ctx() context: Context) {
    return auth.signUp(context.app, input, context.clientIp);
  }

  @Mutation(() => AuthPayload)
  signIn(@Arg("input", () => SignInInput) input: SignInInput, @Ctx() context: Context) {
    return auth.signIn(context.app, input.email, input.password, context.clientIp);
  }

  @Mutation(() => AuthPayload, { description: "Trades a refresh token (once) for a new session." })
  refreshSession(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() context: Context) {
    return auth.refreshSession(context.app, refreshToken, context.clientIp);
  }

  @Authorized()
  @Mutation(() => AuthPayload, {
    description:
      "Changes the viewer's password. Every session of the viewer ends (other devices are signed out at their next request); " +
      "the answer is a fresh session for the caller.",
  })
  changePassword(@Arg("input", () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() context: Context) {
    return auth.changePassword(context.app, requireViewer(context).id, input.currentPassword, input.newPassword, context.clientIp);
  }

  @Authorized()
  @Mutation(() => SignOutPayload, {
    description: "Revokes the session of the given refresh token, or every session of the viewer when none is given.",
  })
  async signOut(
    @Arg("refreshToken", () => String, { nullable: true }) refreshToken: string | null,
    @Ctx() context: Context,
  ): Promise<SignOutPayload> {
    await auth.signOut(context.app, requireViewer(context).id, refreshToken);
    return { success: true };
  }
}
