// Access tokens, refresh-token rotation, sign-in and secrets at rest (README, "Security notes").
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { SignJWT, createLocalJWKSet, decodeJwt, exportSPKI, generateKeyPair, importJWK, importPKCS8, jwtVerify, type JWK } from "jose";
import { startTestServer, type TestServer } from "../../support/server.js";
import { connectAccount, ok, signUp, type Actor } from "../../support/factories.js";
import { signingKeys, socialAccounts, users } from "../../../schema/tables.js";

let server: TestServer;
let alice: Actor;

beforeAll(async () => {
  server = await startTestServer();
  alice = await signUp(server, "INFLUENCER");
});
afterAll(() => server?.close());

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const VIEWER = `{ viewer { id } }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken user { id } } }`;

/** A token signed with the server's own current key, with the given claims changed. */
async function ownToken(change: (jwt: SignJWT) => SignJWT = (jwt) => jwt): Promise<string> {
  const { kid, privateKey } = server.server.app.signingKeys.signingKey();
  const { jwtIssuer, jwtAudience } = server.server.app.config;
  const jwt = new SignJWT({ role: "INFLUENCER" })
    .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
    .setSubject(alice.id)
    .setIssuer(jwtIssuer)
    .setAudience(jwtAudience)
    .setIssuedAt()
    .setExpirationTime("5m");
  return change(jwt).sign(privateKey);
}

async function expectUnauthorizedHttp(authorization: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query: VIEWER }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
  expect({ status: response.status, codes: body.errors?.map((error) => error.extensions.code), data: body.data ?? null }).toEqual({
    status: 401,
    codes: ["UNAUTHORIZED"],
    data: null,
  });
}

describe("access tokens", () => {
  it("the server's own token and a hand-made one with the same key both work (the controls)", async () => {
    expect((await ok(server, VIEWER, {}, alice.token)).viewer.id).toBe(alice.id);
    expect((await ok(server, VIEWER, {}, await ownToken())).viewer.id).toBe(alice.id);
  });

  const BAD_TOKENS: [string, () => Promise<string>][] = [
    ["expired", () => ownToken((jwt) => jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60))],
    ["without exp", async () => {
      const { kid, privateKey } = server.server.app.signingKeys.signingKey();
      const { jwtIssuer, jwtAudience } = server.server.app.config;
      return new SignJWT({ role: "INFLUENCER" }).setProtectedHeader({ alg: "EdDSA", kid }).setSubject(alice.id).setIssuer(jwtIssuer).setAudience(jwtAudience).setIssuedAt().sign(privateKey);
    }],
    ["with a wrong audience", () => ownToken((jwt) => jwt.setAudience("someone-else"))],
    ["with a wrong issuer", () => ownToken((jwt) => jwt.setIssuer("https://evil.example"))],
    ["with a tampered payload (role and subject changed, signature kept)", async () => {
      const [header, payload, signature] = alice.token.split(".");
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
      return [header, b64url({ ...claims, role: "ADMIN", sub: "user_someoneelse0000000" }), signature].join(".");
    }],
    ["with a tampered payload (exp pushed out)", async () => {
      const [header, payload, signature] = alice.token.split(".");
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
      return [header, b64url({ ...claims, exp: claims.exp + 3600 }), signature].join(".");
    }],
    ["with alg: none", async () => {
      const claims = decodeJwt(alice.token);
      const { kid } = server.server.app.signingKeys.signingKey();
      return `${b64url({ alg: "none", kid, typ: "JWT" })}.${b64url(claims)}.`;
    }],
    ["HS256, signed with the raw public key bytes", async () => {
      const jwk = server.server.app.signingKeys.jwks().keys[0]!;
      const secret = Buffer.from(jwk.x!, "base64url");
      return new SignJWT(decodeJwt(alice.token)).setProtectedHeader({ alg: "HS256", kid: jwk.kid! }).sign(secret);
    }],
    ["HS256, signed with the public key's PEM", async () => {
      const jwk = server.server.app.signingKeys.jwks().keys[0]!;
      const pem = await exportSPKI((await importJWK(jwk, "EdDSA")) as CryptoKey);
      return new SignJWT(decodeJwt(alice.token)).setProtectedHeader({ alg: "HS256", kid: jwk.kid! }).sign(new TextEncoder().encode(pem));
    }],
    ["signed by an unknown key with an unknown kid", async () => {
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      return new SignJWT(decodeJwt(alice.token)).setProtectedHeader({ alg: "EdDSA", kid: "not-a-key-of-ours" }).sign(privateKey);
    }],
    ["signed by an unknown key claiming the server's kid", async () => {
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      const { kid } = server.server.app.signingKeys.signingKey();
      return new SignJWT(decodeJwt(alice.token)).setProtectedHeader({ alg: "EdDSA", kid }).sign(privateKey);
    }],
    ["without a kid", async () => {
      const { privateKey } = server.server.app.signingKeys.signingKey();
      return new SignJWT(decodeJwt(alice.token)).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey);
    }],
    ["that is not a JWT at all", async () => "not.a.jwt"],
  ];
  it.each(BAD_TOKENS.map(([name, make]) => ({ name, make })))("a token $name is HTTP 401 UNAUTHORIZED", async ({ make }) => {
    await expectUnauthorizedHttp(`Bearer ${await make()}`);
  });

  it.each([
    ["a scheme other than Bearer", () => `Basic ${Buffer.from("user:pass").toString("base64")}`],
    ["Bearer without a token", () => "Bearer"],
    ["Bearer and a blank", () => "Bearer    "],
    ["two tokens", () => `Bearer ${alice.token} ${alice.token}`],
    ["a token with characters no JWT has", () => `Bearer ${alice.token}!`],
    ["a bare token without a scheme", () => alice.token],
  ])("a malformed Authorization header (%s) is HTTP 401 UNAUTHORIZED", async (_name, header) => {
    await expectUnauthorizedHttp(header());
  });

  it("a valid token of an account that is no longer active is HTTP 401", async () => {
    const user = await signUp(server, "BRAND");
    expect((await ok(server, VIEWER, {}, user.token)).viewer.id).toBe(user.id);
    await server.server.app.database.db.update(users).set({ status: "SUSPENDED" }).where(eq(users.publicId, user.id));
    await expectUnauthorizedHttp(`Bearer ${user.token}`);
  });

  it("the JWKS at /.well-known/jwks.json verifies an issued access token, and holds no private key material", async () => {
    const response = await server.http("/.well-known/jwks.json");
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: JWK[] };
    for (const key of jwks.keys) {
      expect(Object.keys(key)).not.toEqual(expect.arrayContaining(["d"]));
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    }
    const { jwtIssuer, jwtAudience } = server.server.app.config;
    const { payload, protectedHeader } = await jwtVerify(alice.token, createLocalJWKSet(jwks), {
      issuer: jwtIssuer,
      audience: jwtAudience,
      algorithms: ["EdDSA"],
    });
    expect(payload.sub).toBe(alice.id);
    expect(payload.role).toBe("INFLUENCER");
    expect(jwks.keys.map((key) => key.kid)).toContain(protectedHeader.kid);
    expect(payload.exp! - payload.iat!).toBe(server.server.app.config.accessTokenTtlSeconds);
  });
});

describe("refresh tokens", () => {
  const refresh = (token: string) => server.gql(REFRESH, { token });
  const code = (response: { errors?: { extensions: { code: string } }[] }) => response.errors?.[0]?.extensions.code ?? "OK";

  it("rotate: refreshSession returns a new working pair, and the old refresh token no longer works", async () => {
    const user = await signUp(server, "INFLUENCER");
    const first = await refresh(user.refreshToken);
    expect(code(first)).toBe("OK");
    const session = first.data.refreshSession;
    expect(session.refreshToken).not.toBe(user.refreshToken);
    expect(session.accessToken).not.toBe(user.token);
    expect(session.user.id).toBe(user.id);
    expect((await ok(server, VIEWER, {}, session.accessToken)).viewer.id).toBe(user.id);
    expect(code(await refresh(user.refreshToken))).toBe("UNAUTHORIZED");
  });

  it("reusing an already-used refresh token revokes the whole family, the newest token included", async () => {
    const user = await signUp(server, "INFLUENCER");
    const other = (await ok(server, SIGN_IN, { input: { email: user.email, password: "correct horse battery" } })).signIn;
    const second = (await ok(server, REFRESH, { token: user.refreshToken })).refreshSession;
    const third = (await ok(server, REFRESH, { token: second.refreshToken })).refreshSession;
    // A thief replays the first token: refused, and every token of that family dies with it.
    expect(code(await refresh(user.refreshToken))).toBe("UNAUTHORIZED");
    expect(code(await refresh(third.refreshToken))).toBe("UNAUTHORIZED");
    expect(code(await refresh(second.refreshToken))).toBe("UNAUTHORIZED");
    // A separate sign-in is a separate family and keeps working.
    expect(code(await refresh(other.refreshToken))).toBe("OK");
  });

  it.each([2, 10])("%i concurrent refreshSession calls with the same token: exactly one succeeds", async (n) => {
    const user = await signUp(server, "INFLUENCER");
    const results = await Promise.all(Array.from({ length: n }, () => refresh(user.refreshToken)));
    const codes = results.map(code);
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c !== "OK")).toEqual(Array(n - 1).fill("UNAUTHORIZED"));
  });

  it("an unknown or garbage refresh token is UNAUTHORIZED", async () => {
    expect(code(await refresh("x".repeat(43)))).toBe("UNAUTHORIZED");
    expect(code(await refresh(""))).toBe("UNAUTHORIZED");
  });

  it("signOut with a refresh token revokes that session only; without one, every session of the viewer", async () => {
    const user = await signUp(server, "BRAND");
    const second = (await ok(server, SIGN_IN, { input: { email: user.email, password: "correct horse battery" } })).signIn;
    const third = (await ok(server, SIGN_IN, { input: { email: user.email, password: "correct horse battery" } })).signIn;

    const out = await ok(server, `mutation($t: String) { signOut(refreshToken: $t) { success } }`, { t: user.refreshToken }, user.token);
    expect(out.signOut.success).toBe(true);
    expect(code(await refresh(user.refreshToken))).toBe("UNAUTHORIZED");
    const rotated = await refresh(second.refreshToken);
    expect(code(rotated)).toBe("OK");

    await ok(server, `mutation { signOut { success } }`, {}, user.token);
    expect(code(await refresh(rotated.data.refreshSession.refreshToken))).toBe("UNAUTHORIZED");
    expect(code(await refresh(third.refreshToken))).toBe("UNAUTHORIZED");
  });

  it("signOut cannot revoke somebody else's session", async () => {
    const victim = await signUp(server, "INFLUENCER");
    const attacker = await signUp(server, "INFLUENCER");
    await ok(server, `mutation($t: String) { signOut(refreshToken: $t) { success } }`, { t: victim.refreshToken }, attacker.token);
    expect(code(await refresh(victim.refreshToken))).toBe("OK");
  });
});

describe("sign-up and sign-in", () => {
  it("a wrong password and an unknown email are both UNAUTHORIZED with the same message", async () => {
    const wrongPassword = await server.gql(SIGN_IN, { input: { email: alice.email, password: "not the password" } });
    const unknownEmail = await server.gql(SIGN_IN, { input: { email: "nobody-here@example.test", password: "not the password" } });
    expect(wrongPassword.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
    expect(unknownEmail.errors?.[0]?.extensions.code).toBe("UNAUTHORIZED");
    expect(wrongPassword.errors?.[0]?.message).toBe(unknownEmail.errors?.[0]?.message);
    expect(wrongPassword.data ?? null).toBeNull();
  });

  it("signs in with the email in any case", async () => {
    const data = await ok(server, SIGN_IN, { input: { email: alice.email.toUpperCase(), password: "correct horse battery" } });
    expect(data.signIn.user.id).toBe(alice.id);
  });

  it("a duplicate email, in any letter case, is CONFLICT", async () => {
    const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }`;
    const input = { email: "Dup.Licate@Example.test", password: "correct horse battery", role: "BRAND", displayName: "Dup" };
    await ok(server, SIGN_UP, { input });
    for (const email of ["Dup.Licate@Example.test", "dup.licate@example.test", "DUP.LICATE@EXAMPLE.TEST"]) {
      const response = await server.gql(SIGN_UP, { input: { ...input, email, role: "INFLUENCER" } });
      expect(response.errors?.[0]?.extensions.code, email).toBe("CONFLICT");
    }
    const [row] = await server.server.app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(sql`lower(${users.email}) = 'dup.licate@example.test'`);
    expect(row!.n).toBe(1);
  });

  it("signing up as ADMIN is refused with VALIDATION_ERROR, and creates nothing", async () => {
    const email = "would-be-admin@example.test";
    const response = await server.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { user { id role } } }`, {
      input: { email, password: "correct horse battery", role: "ADMIN", displayName: "Mallory" },
    });
    expect(response.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
    expect(await server.server.app.database.db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });
});

describe("secrets at rest", () => {
  it("passwords are stored as salted scrypt hashes", async () => {
    const one = await signUp(server, "BRAND");
    const two = await signUp(server, "BRAND");
    const rows = await server.server.app.database.db
      .select({ publicId: users.publicId, passwordHash: users.passwordHash })
      .from(users)
      .where(sql`${users.publicId} = any(${sql.param([one.id, two.id])}::text[])`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/);
      expect(row.passwordHash).not.toContain("correct horse battery");
    }
    // Same password, different salts.
    expect(rows[0]!.passwordHash).not.toBe(rows[1]!.passwordHash);
  });

  it("OAuth tokens given to connectSocialAccount are stored encrypted", async () => {
    const accessToken = "IGQVJ-plain-access-token-0123456789";
    const refreshToken = "plain-refresh-token-9876543210";
    const id = await connectAccount(server, alice, "INSTAGRAM", { accessToken, refreshToken });
    const [row] = await server.server.app.database.db.select().from(socialAccounts).where(eq(socialAccounts.publicId, id));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(refreshToken);
    expect(stored).not.toContain(Buffer.from(accessToken).toString("base64"));
    const { encryption } = server.server.app;
    expect(encryption.decrypt(row!.accessTokenEncrypted)).toBe(accessToken);
    expect(encryption.decrypt(row!.refreshTokenEncrypted!)).toBe(refreshToken);
    // A fresh IV every time: the same plaintext never gives the same ciphertext.
    expect(encryption.encrypt(accessToken)).not.toBe(row!.accessTokenEncrypted);
  });

  it("the signing keys' private halves are stored encrypted, and decrypt to the key that signs our tokens", async () => {
    const rows = await server.server.app.database.db.select().from(signingKeys);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.privateKeyEncrypted).not.toMatch(/PRIVATE KEY|MC4CAQAwBQYDK2VwBCIEI/);
      expect(JSON.stringify(row.publicJwk)).not.toContain('"d"');
      const pem = server.server.app.encryption.decrypt(row.privateKeyEncrypted);
      expect(pem).toContain("-----BEGIN PRIVATE KEY-----");
      // The decrypted key signs tokens the public half (and so the server) accepts.
      const privateKey = await importPKCS8(pem, row.alg);
      const token = await new SignJWT({ probe: true }).setProtectedHeader({ alg: row.alg, kid: row.kid }).sign(privateKey);
      const verified = await jwtVerify(token, await importJWK(row.publicJwk as JWK, row.alg));
      expect(verified.payload.probe).toBe(true);
    }
  });
});
