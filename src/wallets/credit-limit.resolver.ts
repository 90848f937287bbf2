import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { SetAdvertiserCreditLimitInput, SetAdvertiserCreditLimitPayload, setAdvertiserCreditLimit } from "./credit-limit.js";

@Resolver()
export class CreditLimitResolver {
  @Authorized("ADMIN")
  @Mutation(() => SetAdvertiserCreditLimitPayload, {
    description: "Admin: sets a brand's credit limit (the most escrow its campaigns may hold together), or removes it with a null amount.",
  })
  setAdvertiserCreditLimit(@Arg("input", () => SetAdvertiserCreditLimitInput) input: SetAdvertiserCreditLimitInput, @Ctx() context: Context) {
    return setAdvertiserCreditLimit(context, input);
  }
}
