// Hashtags and mentions: stored with their sign (`#summer`, `@brand`), matched ignoring case and the sign.

// Combining marks (\p{M}) belong to letters in many scripts (Devanagari vowel signs, Thai tone marks) and
// to accented Latin typed decomposed; a tag may not start with one.
const BODY = /^[\p{L}\p{N}_.][\p{L}\p{M}\p{N}_.]{0,99}$/u;

/** NFC, so that `é` typed as one code point or as `e` + accent is stored and matched as one tag. */
export function normalizeTag(raw: string, sign: "#" | "@"): string | undefined {
  const body = raw.normalize("NFC").trim().replace(/^[#@]+/, "");
  return BODY.test(body) ? `${sign}${body}` : undefined;
}

/** Normalizes a list, reporting the first malformed entry under `field`; duplicates are dropped. */
export function normalizeTags(raw: readonly string[], sign: "#" | "@", field: string, errors: Record<string, string>): string[] {
  const out: string[] = [];
  for (const entry of raw) {
    const tag = normalizeTag(entry, sign);
    if (!tag) {
      errors[field] = `"${entry}" is not a valid ${sign === "#" ? "hashtag" : "mention"}`;
      return out;
    }
    if (!out.some((existing) => tagKey(existing) === tagKey(tag))) out.push(tag);
  }
  if (out.length > 50) errors[field] = "at most 50 entries";
  return out;
}

export const tagKey = (tag: string): string => tag.normalize("NFC").replace(/^[#@]+/, "").toLowerCase();

/** The required tags that the declared ones do not cover. */
export function missingTags(required: readonly string[], declared: readonly string[]): string[] {
  const have = new Set(declared.map(tagKey));
  return required.filter((tag) => !have.has(tagKey(tag)));
}
