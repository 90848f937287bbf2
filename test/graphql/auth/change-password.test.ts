// changePassword (src/auth/auth.service.ts): checks the current password and the password rule, ends every
// other session at once (access and refresh tokens), and answers a fresh session for the caller.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { ok, signUp } from "../../support/factories.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "tr0ub4dor & 3 more words";
const VIEWER = `{ viewer { id } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;
const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken user { id } } }`;

const codeOf = async (query: string, variables: Record<string, unknown>, token?: string) => {
  const response = await server.gql(query, variables, token);
  return response.errors?.[0]?.extensions.code ?? "OK";
};

describe("changePassword", () => {
  it("ends the other sessions, answers a fresh working session, and only the new password signs in", async () => {
    const user = await signUp(server, "INFLUENCER");
    const laptop = (await ok(server, SIGN_IN, { input: { email: user.email, password: PASSWORD } })).signIn;

    const changed = (await ok(server, CHANGE, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }, user.token)).changePassword;
    expect(changed.user.id).toBe(user.id);
    expect(await codeOf(VIEWER, {}, changed.accessToken)).toBe("OK");
    expect(await codeOf(REFRESH, { token: changed.refreshToken })).toBe("OK");

    // The other device and the caller's old pair are both over, on their next request.
    for (const session of [laptop, { accessToken: user.token, refreshToken: user.refreshToken }]) {
      expect(await codeOf(VIEWER, {}, session.accessToken)).toBe("UNAUTHORIZED");
      expect(await codeOf(REFRESH, { token: session.refreshToken })).toBe("UNAUTHORIZED");
    }
    expect(await codeOf(SIGN_IN, { input: { email: user.email, password: PASSWORD } })).toBe("UNAUTHORIZED");
    expect(await codeOf(SIGN_IN, { input: { email: user.email, password: NEW_PASSWORD } })).toBe("OK");
  });

  it("a wrong current password or a new one that breaks the rule is VALIDATION_ERROR, and nothing changes", async () => {
    const user = await signUp(server, "BRAND");
    const cases: [Record<string, string>, string][] = [
      [{ currentPassword: "wrong password!", newPassword: NEW_PASSWORD }, "currentPassword"],
      [{ currentPassword: PASSWORD, newPassword: "short" }, "newPassword"],
      [{ currentPassword: PASSWORD, newPassword: "x".repeat(1025) }, "newPassword"],
    ];
    for (const [input, field] of cases) {
      const response = await server.gql(CHANGE, { input }, user.token);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { [field]: expect.any(String) } } });
    }
    expect(await codeOf(VIEWER, {}, user.token)).toBe("OK");
    expect(await codeOf(REFRESH, { token: user.refreshToken })).toBe("OK");
    expect(await codeOf(SIGN_IN, { input: { email: user.email, password: PASSWORD } })).toBe("OK");
  });

  it("needs a signed-in viewer", async () => {
    expect(await codeOf(CHANGE, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })).toBe("UNAUTHORIZED");
  });
});
