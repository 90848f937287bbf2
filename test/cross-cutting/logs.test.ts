// The server's logs never carry statement parameters, tokens, secrets or password hashes: a statement that
// fails in the database is logged by its Postgres code, constraint and table, and credential keys are
// redacted wherever they appear in a log line.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { GraphQLError } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggerOptions, serializeError } from "../../src/logging.js";
import { startTestServer, type TestServer } from "../support/server.js";

const HASH = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5";

/** A driver error as postgres.js raises it for a unique violation. */
function uniqueViolation() {
  return Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
    name: "PostgresError",
    severity: "ERROR",
    code: "23505",
    detail: "Key (email)=(someone@example.test) already exists.",
    schema_name: "public",
    table_name: "users",
    constraint_name: "users_email_unique",
    routine: "_bt_check_unique",
  });
}

describe("the err serializer", () => {
  it("keeps a failed statement's code, constraint and table, and none of its SQL or parameters", () => {
    const failed = new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ["someone@example.test", HASH], uniqueViolation());
    for (const logged of [failed, new GraphQLError(failed.message, { originalError: failed })]) {
      const serialized = serializeError(logged);
      const text = JSON.stringify(serialized);
      expect(serialized).toMatchObject({ code: "23505", constraint: "users_email_unique", table: "users", schema: "public" });
      expect(text).not.toContain(HASH);
      expect(text).not.toContain("someone@example.test");
      expect(text).not.toContain("insert into");
      expect(text).not.toContain("params");
    }
  });

  it("drops the value a Postgres message quotes", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "my-secret-value"'), { severity: "ERROR", code: "22P02" });
    const serialized = serializeError(new DrizzleQueryError("select $1::uuid", ["my-secret-value"], cause)) as { message: string };
    expect(serialized.message).toBe("invalid input syntax for type uuid: [redacted]");
    expect(JSON.stringify(serialized)).not.toContain("my-secret-value");
  });

  it("leaves other errors as pino serializes them", () => {
    const serialized = serializeError(new TypeError("boom")) as { type: string; message: string; stack: string };
    expect(serialized).toMatchObject({ type: "TypeError", message: "boom" });
    expect(serialized.stack).toContain("TypeError: boom");
  });
});

describe("the logger", () => {
  it("redacts credential keys at any depth and the authorization header", () => {
    let line = "";
    const log = pino(loggerOptions("info"), { write: (text: string) => void (line += text) });
    log.info(
      {
        password: "top-level-secret",
        variables: { input: { password: "nested-secret", refreshToken: "refresh-secret" } },
        req: { headers: { authorization: "Bearer header-secret", cookie: "session=cookie-secret" } },
        account: { clientSecret: "client-secret", accessToken: "access-secret" },
      },
      "something happened",
    );
    for (const secret of ["top-level-secret", "nested-secret", "refresh-secret", "header-secret", "cookie-secret", "client-secret", "access-secret"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("[redacted]");
  });
});

describe("a statement that fails in the database during a public request", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { captureLog: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is logged by code, constraint and table, without the password hash, the email or the SQL", async () => {
    // Every new account now breaks a rule of the database's own: sign-up's insert fails there, with the
    // freshly computed password hash among its parameters.
    await server.server.app.database.db.execute(sql.raw(`alter table users add constraint test_no_new_users check (false) not valid`));
    const email = `log-${randomBytes(4).toString("hex")}@example.test`;
    const password = `pw-${randomBytes(8).toString("hex")}`;
    const displayName = `Name ${randomBytes(4).toString("hex")}`;
    const response = await server.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`, {
      input: { email, password, role: "BRAND", displayName },
    });
    expect(response.errors?.[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");

    const log = server.log();
    const failure = log.split("\n").find((line) => line.includes("23514"));
    expect(failure, log).toBeDefined();
    expect(JSON.parse(failure!).err).toMatchObject({ code: "23514", constraint: "test_no_new_users", table: "users" });
    expect(log).toContain(response.headers.get("x-request-id"));
    for (const leaked of ["scrypt$", email, password, displayName, "insert into", "params:"]) expect(log).not.toContain(leaked);
  });
});
