// Reference data (migration 0009 seeds it on every database; admins edit it): countries with their cities,
// interest categories and exchange rates. Small lists, so they are plain lists, not connections. Their ids
// are the rows' integer keys, the ids the legacy lists answer.
import { Field, Int, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import type { categories, cities, countries, exchangeRates } from "../../schema/tables.js";

export type CountryRow = typeof countries.$inferSelect;
export type CityRow = typeof cities.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type ExchangeRateRow = typeof exchangeRates.$inferSelect;

@ObjectType("City", { description: "A city users may give in their profile." })
export class City {
  @Field(() => Int, { description: "The row's integer key (the legacy id)." }) id!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "Its country's ISO 3166-1 alpha-2 code." }) countryCode!: string;
}

@ObjectType("Country", { description: "A country users may give in their profile, with its currency." })
export class Country {
  @Field(() => Int, { description: "The row's integer key (the legacy id)." }) id!: number;
  @Field(() => String, { description: "ISO 3166-1 alpha-2 code, upper case." }) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "ISO 4217 code of its currency; it has a stored exchange rate." }) currency!: string;
}

@ObjectType("Category", { description: "An interest category (users' `interestCategories` hold slugs)." })
export class Category {
  @Field(() => Int, { description: "The row's integer key (the legacy id)." }) id!: number;
  @Field(() => String, { description: "Stable key: lower case letters, digits and dashes." }) slug!: string;
  @Field(() => String) name!: string;
}

@ObjectType("ExchangeRate", { description: "A currency's stored rate, which every conversion uses (statistics, credit limits, the exchange tool)." })
export class ExchangeRate {
  @Field(() => String, { description: "ISO 4217 code." }) currency!: string;
  @Field(() => String, { description: "Units of the currency per US dollar, as exact decimal text (up to 8 decimals)." }) perUsd!: string;
  @Field(() => Int, { description: "Digits of its minor unit (2 for EUR, 0 for JPY): conversions into it round to that." }) minorUnits!: number;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType("CurrencyConversion", {
  description:
    "An amount converted at the stored rates: amount × to.perUsd ÷ from.perUsd in exact decimals, rounded half away from zero " +
    "to the target's minor unit. Amounts are hundredths of their currency (JPY included: whole yen are multiples of 100).",
})
export class CurrencyConversion {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => SafeIntResolver, { description: "The amount given, in hundredths of `from`." }) amountCents!: number;
  @Field(() => SafeIntResolver, { description: "The result, in hundredths of `to`." }) convertedCents!: number;
}
