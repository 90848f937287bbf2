// Auth kinds more than one dialect uses. A kind only decides, before the body is read, whether the caller
// may go on; the token itself is verified when the request's context is built (src/context.ts).
import type { AuthKind } from "./dialect.js";
import { RestFailure, userMessageOf } from "./failure.js";

/** A JWT access token from GraphQL `signIn`, sent as `Authorization: Bearer <token>`. */
export const bearerAuth: AuthKind = {
  security: [{ bearerAuth: [] }],
  check(request) {
    if (!request.headers.authorization) {
      throw new RestFailure(401, "UNAUTHORIZED", userMessageOf("UNAUTHORIZED"), { technicalMessage: "No Authorization header" });
    }
  },
};

/** Public: anyone may call (a token, when sent, is still verified). */
export const noAuth: AuthKind = { security: [], check() {} };

/** The OpenAPI security scheme of `bearerAuth`. */
export const bearerAuthScheme = { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from the GraphQL `signIn` mutation." };
