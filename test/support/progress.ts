// Long work in a test is bounded by its progress, not by a total time: a busy machine may make it slow, but
// only work that stops moving fails.

/** How long `progress` may stay unchanged before the work counts as stuck: far beyond one step of any work here. */
export const STALL_MS = 120_000;

/**
 * Resolves with `work`, or rejects once `progress()` (a count that grows as the work advances: items done,
 * rows written) has not changed for `stallMs`. Give the test no timeout of its own (`it(name, fn, 0)`).
 */
export async function unlessStalled<T>(work: Promise<T>, progress: () => number, what: string, stallMs = STALL_MS): Promise<T> {
  let last = progress();
  let changedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = progress();
      if (now !== last) {
        last = now;
        changedAt = Date.now();
      } else if (Date.now() - changedAt > stallMs) {
        reject(new Error(`${what}: no progress for ${stallMs / 1000} s (stuck at ${now})`));
      }
    }, 1_000);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearInterval(timer);
  }
}
