// AES-256-GCM for secrets at rest (OAuth tokens, JWT signing keys), keyed by ENCRYPTION_KEY, and keys derived from it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import { instanceSecrets } from "../../schema/tables.js";

const VERSION = "v1";

export class Encryption {
  private constructor(private readonly key: Buffer) {}

  static fromBase64(base64: string): Encryption {
    const key = Buffer.from(base64, "base64");
    if (key.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)");
    return new Encryption(key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  /**
   * A 32-byte key for one purpose (HKDF-SHA256 of ENCRYPTION_KEY), independent of the key that encrypts
   * secrets: every process that shares ENCRYPTION_KEY (or the database's generated key) derives the same one.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync("sha256", this.key, Buffer.alloc(0), `varmply:${purpose}`, 32));
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split(".");
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Unrecognised encrypted value");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }
}

interface Warn {
  warn(message: string): void;
}

/**
 * ENCRYPTION_KEY when set. Otherwise (docs/decisions.md): on PGlite with a data directory, a key generated once and
 * kept beside the data; elsewhere a key generated once per database and stored in it, with a loud warning.
 * Production refuses to start without one.
 */
export async function resolveEncryption(config: Config, database: DatabaseHandle, log: Warn): Promise<Encryption> {
  if (config.encryptionKey) return Encryption.fromBase64(config.encryptionKey);
  if (config.nodeEnv === "production") throw new Error("ENCRYPTION_KEY is required when NODE_ENV=production");

  const onDisk = database.driver === "pglite" && !config.pgliteDataDir.startsWith("memory://");
  if (onDisk) {
    const file = join(config.pgliteDataDir, "encryption.key");
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    return Encryption.fromBase64(readFileSync(file, "utf8").trim());
  }

  await database.db
    .insert(instanceSecrets)
    .values({ name: "encryption_key", value: randomBytes(32).toString("base64") })
    .onConflictDoNothing();
  const [row] = await database.db.select().from(instanceSecrets).where(eq(instanceSecrets.name, "encryption_key"));
  if (database.driver === "postgres") {
    log.warn(
      "ENCRYPTION_KEY is not set: using a key generated for this database and stored in it. " +
        "Secrets at rest are NOT protected from anyone who can read the database. Set ENCRYPTION_KEY.",
    );
  }
  return Encryption.fromBase64(row!.value);
}
