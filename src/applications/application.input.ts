import { Field, InputType, ObjectType } from "type-graphql";
import { Application, type ApplicationRow } from "./application.type.js";

@InputType("CreateApplicationInput")
export class CreateApplicationInput {
  @Field(() => String, { description: "What administrators call the application, 1 to 200 characters." })
  name!: string;
}

@ObjectType("ApplicationPayload")
export class ApplicationPayload {
  @Field(() => Application) application!: ApplicationRow;
}

@ObjectType("ApplicationSecretPayload", { description: "An application with its client secret, shown this once: only its hash is stored." })
export class ApplicationSecretPayload {
  @Field(() => Application) application!: ApplicationRow;
  @Field(() => String) clientSecret!: string;
}
