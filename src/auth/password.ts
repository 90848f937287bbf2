// Password hashes: scrypt with a random salt, stored with their parameters so they can be raised later.
// scrypt runs on libuv's threadpool, which also runs the JWT checks of every request: a flood of sign-ins
// must not take all of its threads or the CPU, so only a few hashes run at once, behind a bounded queue.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { RateLimited } from "../shared/errors.js";

const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** At most `concurrency` tasks at once, `queueLimit` more waiting; beyond that RATE_LIMITED at once. */
class HashingSlots {
  concurrency = 1;
  queueLimit = 32;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most that ran at once and that waited at once, since the last reset (tests check the bound). */
  peak = { active: 0, waiting: 0 };

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.concurrency) {
      this.active++;
    } else {
      if (this.waiting.length >= this.queueLimit) throw RateLimited("The server is busy checking passwords; try again in a moment", 1);
      const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.peak.waiting = Math.max(this.peak.waiting, this.waiting.length);
      await turn; // the finishing task hands its slot over: `active` stays as it is
    }
    this.peak.active = Math.max(this.peak.active, this.active);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  stats() {
    return { active: this.active, waiting: this.waiting.length, peak: { ...this.peak } };
  }
}

const slots = new HashingSlots();

/** Set once by the server from PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE_LIMIT. */
export function limitPasswordHashing(limits: { concurrency: number; queueLimit: number }): void {
  slots.concurrency = Math.max(1, limits.concurrency);
  slots.queueLimit = limits.queueLimit;
}

/** Hashes running and waiting now, and the most of each at once since start or `resetPasswordHashingPeak`. */
export const passwordHashingStats = () => slots.stats();

export function resetPasswordHashingPeak(): void {
  slots.peak = { active: 0, waiting: 0 };
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return slots.run(() => deriveNow(password, salt, options));
}

function deriveNow(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password, compared against when the email is unknown so timing does not tell. */
export const DUMMY_PASSWORD_HASH = await hashPassword(randomBytes(16).toString("hex"));
