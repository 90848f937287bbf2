import { ArgsType, Field } from "type-graphql";
import { AnalyticsBucket } from "./analytics.type.js";

@ArgsType()
export class AnalyticsWindowInput {
  @Field(() => Date, { nullable: true, description: "Window start, inclusive (UTC). Default: `to` − 30 days." })
  from?: Date | null;
  @Field(() => Date, { nullable: true, description: "Window end, exclusive (UTC). Default: now." })
  to?: Date | null;
  @Field(() => AnalyticsBucket, {
    nullable: true,
    description: "Default: DAY for windows up to 62 days, WEEK above. DAY is refused above 62 days; the window may span at most 366 days.",
  })
  bucket?: AnalyticsBucket | null;
}
