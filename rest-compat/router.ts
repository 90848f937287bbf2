// The REST compatibility layer: a declarative route table, each documented path mapped onto a GraphQL
// operation run in-process. The table is filled path by path; this file wires it into Fastify.
import type { FastifyInstance } from "fastify";
import type { ApolloServer } from "@apollo/server";
import type { App, Context } from "../src/context.js";

export interface RestCompatOptions {
  app: App;
  apollo: ApolloServer<Context>;
}

export async function registerRestCompat(_fastify: FastifyInstance, _options: RestCompatOptions): Promise<void> {
  // Routes arrive with the REST compatibility issue.
}
