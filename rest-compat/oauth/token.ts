// POST /oauth/token (RFC 6749 §4.3 password grant, §6 refresh): the one path of the REST layer that runs no
// GraphQL operation, since it authenticates a client rather than acting for a signed-in user. It signs the
// user in through the same code as GraphQL `signIn`/`refreshSession` (src/auth/auth.service.ts: its rate
// limits and lockout included), with the application attached. Decisions: docs/oauth.md.
import type { FastifyInstance } from "fastify";
import type { App } from "../../src/context.js";
import { refreshSession, signIn, type Session } from "../../src/auth/auth.service.js";
import { DomainError } from "../../src/shared/errors.js";
import type { ServerRoute } from "../core/route.js";
import { integer, object, requestObject, string, enumOf } from "../core/json-schema.js";
import { authenticateClient, noStore, oauthFailure, parametersOf, required, type OAuthAuth } from "./dialect.js";

const GRANTS = ["password", "refresh_token"] as const;

export const tokenRoute: ServerRoute<OAuthAuth> = {
  kind: "server",
  method: "POST",
  path: "/oauth/token",
  tag: "OAuth",
  summary: "Get a user's access token for an application",
  description:
    "RFC 6749 token endpoint. `grant_type=password` (`username` = the user's email, `password`) or `grant_type=refresh_token` " +
    "(`refresh_token`, bound to the application it was issued to). The client authenticates with HTTP Basic or `client_id` + " +
    "`client_secret` fields, not both. The access token carries the application's `client_id` claim (RFC 9068).",
  request: {
    body: requestObject(
      {
        grant_type: enumOf(GRANTS, "The grant."),
        username: string("password grant: the user's email."),
        password: string("password grant: the user's password."),
        refresh_token: string("refresh_token grant: the refresh token of an earlier answer."),
        client_id: string("client_secret_post: the application's client id."),
        client_secret: string("client_secret_post: the application's client secret."),
      },
      ["grant_type"],
    ),
    bodyExample: { grant_type: "password", username: "ana@example.com", password: "correct horse battery staple" },
  },
  success: {
    status: 200,
    response: {
      description: "RFC 6749 §5.1",
      schema: object({
        access_token: string("A JWT access token for the legacy app endpoints."),
        token_type: enumOf(["Bearer"], "Always Bearer"),
        expires_in: integer("Seconds the access token is valid."),
        refresh_token: string("Trades for a new pair once (it rotates), through this same application."),
      }),
      example: { access_token: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9…", token_type: "Bearer", expires_in: 900, refresh_token: "p2Yc…" },
    },
  },
};

/** A failed sign-in or refresh is invalid_grant; too many attempts slow_down with Retry-After. */
function grantFailure(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.code === "UNAUTHORIZED") return oauthFailure("invalid_grant", error.message);
  if (error.code === "RATE_LIMITED") {
    const { retryAfterSeconds } = (error.extensions.details ?? {}) as { retryAfterSeconds?: number };
    return oauthFailure("slow_down", error.message, 429, retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {});
  }
  return error;
}

export function serveToken(scope: FastifyInstance, app: App): void {
  noStore(scope);
  scope.post("/token", async (request, reply) => {
    const params = parametersOf(request.body);
    const client = await authenticateClient(app, request, params);
    let session: Session;
    try {
      const grant = required(params, "grant_type");
      if (grant === "password") session = await signIn(app, required(params, "username"), required(params, "password"), request.ip, client);
      else if (grant === "refresh_token") session = await refreshSession(app, required(params, "refresh_token"), request.ip, client);
      else throw oauthFailure("unsupported_grant_type", `grant_type must be ${GRANTS.join(" or ")}`);
    } catch (error) {
      throw grantFailure(error);
    }
    return reply.send({ access_token: session.accessToken, token_type: "Bearer", expires_in: app.config.accessTokenTtlSeconds, refresh_token: session.refreshToken });
  });
}
