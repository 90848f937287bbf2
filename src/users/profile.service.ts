// The viewer's own profile: display name, username, sex, birth date, country, city and interest categories.
// Countries, cities and categories are the reference lists (src/reference/); one statement checks them.
import { eq, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { requireViewer } from "../auth/access.js";
import { queryRows } from "../db/client.js";
import { arrayParam } from "../db/array-param.js";
import { NotFound, ValidationFailed } from "../shared/errors.js";
import { users } from "../../schema/tables.js";
import type { UpdateProfileInput } from "./profile.input.js";
import type { UserRow } from "./user.type.js";

export const ADULT_AGE = 18;
export const MAX_INTEREST_CATEGORIES = 10;
const USERNAME = /^[A-Za-z0-9._]{3,30}$/;
const DISPLAY_NAME_MAX = 200;

/**
 * Whether someone born on `birthDate` (YYYY-MM-DD) is ADULT_AGE or older on `today`'s UTC date: their 18th
 * birthday is today or earlier (someone whose birthday is tomorrow is still 17; one born on 29 February
 * comes of age on 1 March in other years, as PostgreSQL's `age()` counts).
 */
export function isAdultOn(birthDate: string, today: Date): boolean {
  const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
  const comesOfAge = (year + ADULT_AGE) * 10_000 + month * 100 + day;
  return comesOfAge <= today.getUTCFullYear() * 10_000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
}

type Changes = Partial<typeof users.$inferInsert>;

/** The reference rows a profile names: the country, the city's listed spelling, the known slugs. */
async function lookUpPlaces(context: Context, country: string | null, city: string | null, slugs: string[]) {
  const [row] = await queryRows<{ country: string | null; city: string | null; slugs: string[] }>(
    context.db,
    sql`select (select code from countries where code = ${country}::text) as country,
               (select name from cities where country_code = ${country}::text and lower(name) = lower(${city}::text) order by id limit 1) as city,
               array(select slug from categories where slug = any(${arrayParam(slugs, "text")})) as slugs`,
  );
  return row!;
}

export async function updateProfile(context: Context, input: UpdateProfileInput): Promise<UserRow> {
  const viewer = requireViewer(context);
  const current = await context.loaders.users.byId.load(viewer.id);
  if (!current) throw NotFound("User", viewer.publicId);
  const fields: Record<string, string> = {};
  const changes: Changes = {};

  if (input.displayName !== undefined) {
    const name = input.displayName?.trim() ?? "";
    if (!name || name.length > DISPLAY_NAME_MAX) fields.displayName = `must be 1 to ${DISPLAY_NAME_MAX} characters; it cannot be cleared`;
    else changes.displayName = name;
  }
  if (input.username !== undefined) {
    const username = input.username?.trim() ?? null;
    if (username !== null && !USERNAME.test(username)) fields.username = "must be 3 to 30 letters, digits, dots and underscores";
    else changes.username = username;
  }
  if (input.sex !== undefined) changes.sex = input.sex;
  if (input.birthDate !== undefined) {
    if (input.birthDate !== null && !isAdultOn(input.birthDate, new Date())) fields.birthDate = `the user must be ${ADULT_AGE} or older`;
    else changes.birthDate = input.birthDate;
  }

  // Country and city are checked as the pair they will be: a changed country without a city clears the city.
  const country = input.countryCode === undefined ? current.countryCode : (input.countryCode?.trim().toUpperCase() ?? null);
  const countryChanged = input.countryCode !== undefined && country !== current.countryCode;
  const city = input.city !== undefined ? (input.city?.trim() ?? null) || null : countryChanged ? null : current.city;
  let slugs: string[] | undefined;
  if (input.interestCategories !== undefined) {
    slugs = [...new Set((input.interestCategories ?? []).map((slug) => slug.trim().toLowerCase()))];
    if (slugs.length > MAX_INTEREST_CATEGORIES) fields.interestCategories = `at most ${MAX_INTEREST_CATEGORIES} categories`;
  }
  const placesGiven = input.countryCode !== undefined || input.city !== undefined;
  const slugsToCheck = slugs && slugs.length <= MAX_INTEREST_CATEGORIES ? slugs : [];
  if (placesGiven || slugsToCheck.length) {
    const known = await lookUpPlaces(context, country, city, slugsToCheck);
    if (placesGiven) {
      if (country !== null && known.country === null) fields.countryCode = "unknown country: see `countries`";
      // A stored city is not checked again when only the (unchanged) country is given.
      const cityGiven = input.city !== undefined && city !== null;
      if (cityGiven && country === null) fields.city = "needs a country: give countryCode too";
      else if (cityGiven && known.country !== null && known.city === null) fields.city = `not a city of ${country}: see \`Country.cities\``;
      if (input.countryCode !== undefined) changes.countryCode = country;
      // The list's spelling of the city.
      if (input.city !== undefined || countryChanged) changes.city = known.city;
    }
    const unknown = slugsToCheck.filter((slug) => !known.slugs.includes(slug));
    if (unknown.length) fields.interestCategories = `unknown categories: ${unknown.join(", ").slice(0, 200)}`;
  }
  if (slugs !== undefined) changes.interestCategories = slugs;
  if (Object.keys(fields).length) throw ValidationFailed("The profile is not valid", fields);
  if (Object.keys(changes).length === 0) return current;

  const [updated] = await context.db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, viewer.id))
    .returning();
  context.loaders.users.byId.clear(viewer.id).prime(viewer.id, updated!);
  return updated!;
}
