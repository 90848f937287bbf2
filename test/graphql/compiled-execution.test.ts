// The compiled executor (src/graphql/compiled-execution.ts) decides per document how to run it; every
// other test file runs with GRAPHQL_COMPILE_AFTER=0, so the whole suite checks compiled answers. Here: when
// it compiles, what it leaves to graphql-js, and that errors keep what Apollo and src/graphql/format-error.ts
// read from them.
import { ApolloServer } from "@apollo/server";
import { GraphQLError, buildSchema, type GraphQLSchema } from "graphql";
import { beforeEach, describe, expect, it, vi } from "vitest";

const compiled = vi.hoisted(() => ({ count: 0 }));
vi.mock("graphql-jit", async (importOriginal) => {
  const original = await importOriginal<typeof import("graphql-jit")>();
  return { ...original, compileQuery: (...args: Parameters<typeof original.compileQuery>) => (compiled.count++, original.compileQuery(...args)) };
});
const { compiledExecution } = await import("../../src/graphql/compiled-execution.js");

class Unavailable extends Error {}

function testSchema(): GraphQLSchema {
  const schema = buildSchema(`
    type Item { id: ID! name: String! price(times: Int = 1): Int! }
    type Query { items(first: Int!): [Item!]! broken: Item item(id: ID!): Item }
    type Mutation { rename(name: String!): String! }
  `);
  const items = [
    { id: "a", name: "Alpha", cents: 100 },
    { id: "b", name: "Beta", cents: 250 },
  ];
  const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields("Query").items!.resolve = (_: unknown, { first }: { first: number }) => Promise.resolve(items.slice(0, first));
  fields("Query").item!.resolve = (_: unknown, { id }: { id: string }) => {
    throw new GraphQLError(`No item ${id}`, { extensions: { code: "NOT_FOUND" } });
  };
  fields("Query").broken!.resolve = () => Promise.reject(new Unavailable("connect ECONNREFUSED"));
  fields("Item").price!.resolve = (item: { cents: number }, { times }: { times: number }) => item.cents * times;
  fields("Mutation").rename!.resolve = (_: unknown, { name }: { name: string }) => name;
  return schema;
}

async function serverWith(compileAfter: number) {
  const server = new ApolloServer({ gateway: compiledExecution(testSchema(), compileAfter), includeStacktraceInErrorResponses: false });
  await server.start();
  return async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== "single") throw new Error("incremental answer");
    return { status: response.http.status, ...response.body.singleResult };
  };
}

const LIST = `query($first: Int!) { items(first: $first) { id name price(times: 2) } }`;

beforeEach(() => {
  compiled.count = 0;
});

describe("when a document runs compiled", () => {
  it("runs a document interpreted the first time and compiled from the second, with the same answer", async () => {
    const run = await serverWith(1);
    const first = await run(LIST, { first: 2 });
    expect(compiled.count).toBe(0);
    const second = await run(LIST, { first: 2 });
    const third = await run(LIST, { first: 1 });
    expect(compiled.count).toBe(1); // compiled once, then reused
    expect(second).toEqual(first);
    expect(first.data).toEqual({ items: [{ id: "a", name: "Alpha", price: 200 }, { id: "b", name: "Beta", price: 500 }] });
    expect(third.data).toEqual({ items: [{ id: "a", name: "Alpha", price: 200 }] });
  });

  it("leaves mutations and introspection to graphql-js", async () => {
    const run = await serverWith(0);
    for (let i = 0; i < 2; i++) {
      expect((await run(`mutation { rename(name: "x") }`)).data).toEqual({ rename: "x" });
      expect((await run(`{ __schema { queryType { name } } }`)).data).toEqual({ __schema: { queryType: { name: "Query" } } });
    }
    expect(compiled.count).toBe(0);
  });
});

describe("answers that go wrong", () => {
  it("keeps a resolver error's code, path, locations and original error", async () => {
    const run = await serverWith(0);
    const answer = await run(`{ item(id: "z") { id } }`);
    expect(compiled.count).toBe(1);
    expect(answer.data).toEqual({ item: null });
    expect(answer.errors).toEqual([{ message: "No item z", path: ["item"], locations: [{ line: 1, column: 3 }], extensions: { code: "NOT_FOUND" } }]);
  });

  it("an error without extensions reaches formatError with its original error (Apollo would otherwise mask it)", async () => {
    const seen: unknown[] = [];
    const server = new ApolloServer({
      gateway: compiledExecution(testSchema(), 0),
      formatError: (formatted, error) => {
        seen.push((error as GraphQLError).originalError);
        return formatted;
      },
    });
    await server.start();
    const response = await server.executeOperation({ query: `{ broken { id } }` });
    expect(response.body.kind === "single" && response.body.singleResult.errors?.[0]?.path).toEqual(["broken"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Unavailable);
  });

  it("variables that do not coerce get graphql-js's 400, compiled or not", async () => {
    for (const compileAfter of [0, 5]) {
      const run = await serverWith(compileAfter);
      await run(LIST, { first: 1 });
      const answer = await run(LIST, { first: "many" });
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(answer.errors?.[0]?.message).toMatch(/^Variable "\$first" got invalid value "many"/);
    }
  });

  it("an operation name that names nothing is graphql-js's error, not a crash", async () => {
    const run = await serverWith(0);
    const answer = await run(`query A { items(first: 1) { id } } query B { items(first: 1) { id } }`);
    expect(answer.errors?.[0]?.message).toBe("Must provide operation name if query contains multiple operations.");
  });
});
