import { Field, InputType, Int, ObjectType } from "type-graphql";
import { Category, City, Country, ExchangeRate, type CategoryRow, type CityRow, type CountryRow, type ExchangeRateRow } from "./reference.type.js";

@InputType("UpsertCountryInput", { description: "Creates the country with this code, or replaces its name and currency." })
export class UpsertCountryInput {
  @Field(() => String, { description: "ISO 3166-1 alpha-2 code, two upper-case letters." }) code!: string;
  @Field(() => String, { description: "1 to 100 characters." }) name!: string;
  @Field(() => String, { description: "ISO 4217 code of a currency with a stored exchange rate." }) currency!: string;
}

@InputType("AddCityInput")
export class AddCityInput {
  @Field(() => String, { description: "The country's ISO 3166-1 alpha-2 code." }) countryCode!: string;
  @Field(() => String, { description: "1 to 100 characters, unique within the country." }) name!: string;
}

@InputType("UpsertCategoryInput", { description: "Creates the category with this slug, or renames it (slugs never change: users' interests hold them)." })
export class UpsertCategoryInput {
  @Field(() => String, { description: "Lower-case letters and digits, words joined by dashes, at most 50 characters." }) slug!: string;
  @Field(() => String, { description: "1 to 100 characters." }) name!: string;
}

@InputType("SetExchangeRateInput", { description: "Creates or replaces a currency's rate." })
export class SetExchangeRateInput {
  @Field(() => String, { description: "ISO 4217 code, three upper-case letters." }) currency!: string;
  @Field(() => String, { description: "Units per US dollar as decimal text, positive, at most 10 digits before the point and 8 after. USD stays 1." })
  perUsd!: string;
  @Field(() => Int, { nullable: true, description: "Digits of the minor unit, 0 to 2; a new currency gets 2, an existing one keeps its own." })
  minorUnits?: number | null;
}

@ObjectType("CountryPayload")
export class CountryPayload {
  @Field(() => Country) country!: CountryRow;
}

@ObjectType("CityPayload")
export class CityPayload {
  @Field(() => City) city!: CityRow;
}

@ObjectType("CategoryPayload")
export class CategoryPayload {
  @Field(() => Category) category!: CategoryRow;
}

@ObjectType("ExchangeRatePayload")
export class ExchangeRatePayload {
  @Field(() => ExchangeRate) exchangeRate!: ExchangeRateRow;
}
