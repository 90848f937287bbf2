import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import type { Context } from "../context.js";
import type { UserRole } from "../shared/enums.js";
import { ConnectionArgs, ConnectionType, connectionComplexity, listCursors, parsePageArgs, toConnection } from "../shared/connection.js";
import { User } from "../users/user.type.js";
import { Campaign } from "../campaigns/campaign.type.js";
import { Category, City, Country, CurrencyConversion, ExchangeRate, type CountryRow } from "./reference.type.js";
import {
  AddCityInput,
  CategoryPayload,
  CityPayload,
  CountryPayload,
  ExchangeRatePayload,
  SetExchangeRateInput,
  UpsertCategoryInput,
  UpsertCountryInput,
} from "./reference.input.js";
import { referenceLoaders } from "./reference.loaders.js";
import * as service from "./reference.service.js";

const AdvertiserConnection = ConnectionType("Advertiser", User);
const AllowedCampaignConnection = ConnectionType("AllowedCampaign", Campaign);

/**
 * Countries, cities and categories are public reference data: anyone may read them, signed in or not (a
 * sign-up or profile form offers them). Exchange rates and conversions need a signed-in user; edits are
 * administrators'.
 */
@Resolver()
export class ReferenceResolver {
  @Query(() => [Country], { description: "Anyone: every country, in id order." })
  countries(@Ctx() context: Context) {
    return service.listCountries(context.db);
  }

  @Query(() => [City], { description: "Anyone: every city, or those of one country (`countryId`, its integer id; an unknown one is a validation error), in id order." })
  cities(@Arg("countryId", () => Int, { nullable: true }) countryId: number | null, @Ctx() context: Context) {
    return service.listCities(context.db, countryId);
  }

  @Query(() => [Category], { description: "Anyone: every interest category, in id order." })
  categories(@Ctx() context: Context) {
    return service.listCategories(context.db);
  }

  @Authorized()
  @Query(() => [ExchangeRate], { description: "The stored exchange rates, by currency code." })
  exchangeRates(@Ctx() context: Context) {
    return service.listExchangeRates(context.db);
  }

  @Authorized()
  @Query(() => CurrencyConversion, { description: "Converts an amount (hundredths of `from`, 0 to 10^12 units) at the stored rates." })
  convertCurrency(
    @Arg("from", () => String) from: string,
    @Arg("to", () => String) to: string,
    @Arg("amountCents", () => SafeIntResolver) amountCents: number,
    @Ctx() context: Context,
  ) {
    return service.convertCurrency(context.db, from, to, amountCents);
  }

  @Authorized<UserRole>("ADMIN")
  @Query(() => AdvertiserConnection, { description: "Admin: the brand accounts (any status), newest first.", complexity: connectionComplexity })
  async advertisers(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.advertisers");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listAdvertisers(context, page), page, cursors);
  }

  @Authorized<UserRole>("BRAND", "ADMIN")
  @Query(() => AllowedCampaignConnection, {
    description: "Brands and admins: the campaigns accepting participants (ACTIVE) that the caller manages (an admin: all), newest first.",
    complexity: connectionComplexity,
  })
  async allowedCampaigns(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: Context) {
    const cursors = listCursors(context, "Query.allowedCampaigns");
    const page = parsePageArgs(args, cursors);
    return toConnection(await service.listAllowedCampaigns(context, page), page, cursors);
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => CountryPayload, { description: "Admin: creates a country or replaces its name and currency." })
  async upsertCountry(@Arg("input", () => UpsertCountryInput) input: UpsertCountryInput, @Ctx() context: Context) {
    return { country: await service.upsertCountry(context, input) };
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => CityPayload, { description: "Admin: adds a city to a country (CONFLICT when the country has one of that name)." })
  async addCity(@Arg("input", () => AddCityInput) input: AddCityInput, @Ctx() context: Context) {
    return { city: await service.addCity(context, input) };
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => CityPayload, { description: "Admin: removes a city from the list; profiles naming it keep their text." })
  async removeCity(@Arg("id", () => Int) id: number, @Ctx() context: Context) {
    return { city: await service.removeCity(context, id) };
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => CategoryPayload, { description: "Admin: creates a category or renames it." })
  async upsertCategory(@Arg("input", () => UpsertCategoryInput) input: UpsertCategoryInput, @Ctx() context: Context) {
    return { category: await service.upsertCategory(context, input) };
  }

  @Authorized<UserRole>("ADMIN")
  @Mutation(() => ExchangeRatePayload, { description: "Admin: creates or replaces a currency's exchange rate." })
  async setExchangeRate(@Arg("input", () => SetExchangeRateInput) input: SetExchangeRateInput, @Ctx() context: Context) {
    return { exchangeRate: await service.setExchangeRate(context, input) };
  }
}

@Resolver(() => Country)
export class CountryCitiesResolver {
  @FieldResolver(() => [City], { description: "Its cities, in id order." })
  cities(@Root() country: CountryRow, @Ctx() context: Context) {
    return referenceLoaders(context).citiesByCountryCode.load(country.code);
  }
}
