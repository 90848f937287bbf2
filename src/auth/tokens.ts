// Access tokens: short-lived EdDSA JWTs with a `kid`. Verification is strict: one algorithm, issuer,
// audience, expiry and the key id are all required.
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { Unauthorized } from "../shared/errors.js";
import { JWT_ALGORITHM, type SigningKeys } from "./signing-keys.js";

export interface AccessClaims {
  userPublicId: string;
  role: string;
  /** The application the token was issued to at /oauth/token (RFC 9068 `client_id`); absent for signIn tokens. */
  clientId?: string;
}

export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: Config,
  ) {}

  async issue(claims: AccessClaims): Promise<string> {
    const { kid, privateKey } = this.keys.signingKey();
    return new SignJWT({ role: claims.role, ...(claims.clientId ? { client_id: claims.clientId } : {}) })
      .setProtectedHeader({ alg: JWT_ALGORITHM, kid, typ: "JWT" })
      .setSubject(claims.userPublicId)
      .setIssuer(this.config.jwtIssuer)
      .setAudience(this.config.jwtAudience)
      .setIssuedAt()
      .setJti(randomBytes(12).toString("base64url"))
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(privateKey);
  }

  /** Throws UNAUTHORIZED for anything but a valid, unexpired token of ours. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== JWT_ALGORITHM || typeof header.kid !== "string") throw Unauthorized("Invalid access token");
      const key = await this.keys.verificationKey(header.kid);
      if (!key) throw Unauthorized("Invalid access token");
      const { payload } = await jwtVerify(token, key, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        requiredClaims: ["exp", "sub", "iat"],
      });
      if (typeof payload.role !== "string") throw Unauthorized("Invalid access token");
      if (payload.client_id !== undefined && typeof payload.client_id !== "string") throw Unauthorized("Invalid access token");
      return { userPublicId: payload.sub!, role: payload.role, ...(payload.client_id ? { clientId: payload.client_id } : {}) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw Unauthorized("Access token expired");
      if (error instanceof errors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) {
        throw Unauthorized("Invalid access token");
      }
      throw error;
    }
  }
}

/** Refresh tokens are random; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
