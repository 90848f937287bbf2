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

/** What `verify` reads from a valid token: its claims and when its session was stamped. */
export interface VerifiedAccessClaims extends AccessClaims {
  /**
   * The session's issue instant in milliseconds (claim `iat_ms`; `iat` × 1000 for a token without it).
   * src/context.ts refuses a token whose instant is not after the user's `sessionsValidAfter`: `iat` alone
   * has whole seconds, which cannot tell a token issued just before a force-logout from one issued just after.
   */
  issuedAtMs: number;
}

/** How many verified tokens `verify` remembers (the oldest is forgotten first). */
const VERIFIED_TOKENS_KEPT = 10_000;

interface VerifiedToken {
  claims: VerifiedAccessClaims;
  kid: string;
  /** `exp` in seconds: the token is expired from that second on, as jwtVerify judges it. */
  exp: number;
}

export class AccessTokens {
  /**
   * Tokens already verified, by their exact text: the signature check (EdDSA, the largest part of a small
   * request's token work) is done once per token, not once per request. A remembered token is still refused
   * once expired or once its key is no longer known, as a fresh verification would; only tokens without
   * `nbf` are remembered, since `nbf` is the one other time-dependent claim jwtVerify checks.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly config: Config,
  ) {}

  /** `issuedAtMs`: the session's issue instant (src/auth/auth.service.ts stamps it after any revocation). */
  async issue(claims: AccessClaims, issuedAtMs: number): Promise<string> {
    const { kid, privateKey } = this.keys.signingKey();
    return new SignJWT({ role: claims.role, iat_ms: issuedAtMs, ...(claims.clientId ? { client_id: claims.clientId } : {}) })
      .setProtectedHeader({ alg: JWT_ALGORITHM, kid, typ: "JWT" })
      .setSubject(claims.userPublicId)
      .setIssuer(this.config.jwtIssuer)
      .setAudience(this.config.jwtAudience)
      .setIssuedAt(Math.floor(issuedAtMs / 1000))
      .setJti(randomBytes(12).toString("base64url"))
      .setExpirationTime(Math.floor(issuedAtMs / 1000) + this.config.accessTokenTtlSeconds)
      .sign(privateKey);
  }

  /** Throws UNAUTHORIZED for anything but a valid, unexpired token of ours. */
  async verify(token: string): Promise<VerifiedAccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(Date.now() / 1000) < known.exp && (await this.keys.verificationKey(known.kid))) return { ...known.claims };
      this.verified.delete(token); // verified again below, which gives its error
    }
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
      const issuedAtMs = payload.iat_ms === undefined ? payload.iat! * 1000 : payload.iat_ms;
      // The millisecond instant must agree with `iat`, so neither claim can move the other.
      if (!Number.isSafeInteger(issuedAtMs) || Math.floor((issuedAtMs as number) / 1000) !== payload.iat) throw Unauthorized("Invalid access token");
      const claims: VerifiedAccessClaims = { userPublicId: payload.sub!, role: payload.role, issuedAtMs: issuedAtMs as number, ...(payload.client_id ? { clientId: payload.client_id } : {}) };
      if (payload.nbf === undefined) {
        if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { claims: { ...claims }, kid: header.kid, exp: payload.exp! });
      }
      return claims;
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
