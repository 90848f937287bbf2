// JWT signing keys live in the database, private halves encrypted, so every process on one database signs
// and verifies alike. The oldest unretired key signs; every key verifies until it is deleted.
import { asc } from "drizzle-orm";
import { exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type JWK, type CryptoKey } from "jose";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import type { Encryption } from "../shared/encryption.js";
import { signingKeys } from "../../schema/tables.js";

export const JWT_ALGORITHM = "EdDSA";

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey | null;
  retired: boolean;
}

export class SigningKeys {
  private keys = new Map<string, LoadedKey>();
  private lastReload = 0;

  constructor(
    private readonly db: Db,
    private readonly encryption: Encryption,
  ) {}

  /** Loads the keys, creating the first one when the database has none. */
  async init(): Promise<void> {
    await this.reload();
    if ([...this.keys.values()].some((key) => !key.retired)) return;
    const { publicKey, privateKey } = await generateKeyPair(JWT_ALGORITHM, { crv: "Ed25519", extractable: true });
    const kid = randomBytes(12).toString("base64url");
    await this.db.insert(signingKeys).values({
      kid,
      alg: JWT_ALGORITHM,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: JWT_ALGORITHM, use: "sig" },
      privateKeyEncrypted: this.encryption.encrypt(await exportPKCS8(privateKey)),
    });
    // Another process may have inserted its own key at the same moment: the oldest one wins everywhere.
    await this.reload();
  }

  private async reload(): Promise<void> {
    const rows = await this.db.select().from(signingKeys).orderBy(asc(signingKeys.id));
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      const publicJwk = row.publicJwk as JWK;
      keys.set(row.kid, {
        kid: row.kid,
        publicJwk,
        publicKey: (await importJWK(publicJwk, row.alg)) as CryptoKey,
        privateKey: (await importPKCS8(this.encryption.decrypt(row.privateKeyEncrypted), row.alg)) as CryptoKey,
        retired: row.retiredAt !== null,
      });
    }
    this.keys = keys;
    this.lastReload = Date.now();
  }

  signingKey(): { kid: string; privateKey: CryptoKey } {
    const key = [...this.keys.values()].find((candidate) => !candidate.retired && candidate.privateKey);
    if (!key?.privateKey) throw new Error("No signing key loaded");
    return { kid: key.kid, privateKey: key.privateKey };
  }

  /** The public key for a `kid`; an unknown kid reloads from the database at most once every 10 seconds. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    const known = this.keys.get(kid);
    if (known) return known.publicKey;
    if (Date.now() - this.lastReload < 10_000) return undefined;
    await this.reload();
    return this.keys.get(kid)?.publicKey;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((key) => key.publicJwk) };
  }
}
