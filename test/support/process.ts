// The server in its own process, as a user starts it: `node --import tsx src/main.ts` directly, or `npm start`
// (what a container runs, and what receives a container's SIGTERM).
import { spawn, type ChildProcess } from "node:child_process";

const ROOT = new URL("../..", import.meta.url).pathname;

export interface StartedProcess {
  child: ChildProcess;
  /** The server's base URL, from Fastify's "listening" line. */
  base: string;
  output: () => string;
  /** The process's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Starts the server and waits for its ready line; HOST=127.0.0.1 and PORT=0 unless `env` says otherwise. */
export function startServerProcess(env: Record<string, string>, via: "node" | "npm" = "node"): Promise<StartedProcess> {
  const [command, args] = via === "npm" ? ["npm", ["start"]] : [process.execPath, ["--import", "tsx", "src/main.ts"]];
  const child = spawn(command, args as string[], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening && output.includes("Varmply API ready")) {
        clearTimeout(timer);
        resolve({ child, base: listening[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

export async function signIn(base: string, email: string, password = "varmply-demo") {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation($input: SignInInput!) { signIn(input: $input) { accessToken user { role } } }`,
      variables: { input: { email, password } },
    }),
  });
  return (await response.json()) as { data?: { signIn: { accessToken: string; user: { role: string } } }; errors?: unknown };
}
