// Plain fields (a property of the object, no resolver method, no @Authorized, no middleware) resolve with
// graphql-js's default resolver instead of type-graphql's wrapper, which allocates a resolver-data object and
// runs an empty middleware chain for every field of every object. In a large answer (the brand dashboard of
// docs/performance.md) that is most of the fields. The same as `simpleResolvers: true` on each @ObjectType,
// decided here once, for the fields where it cannot change what is answered.
import { getMetadataStorage } from "type-graphql";

export function resolvePlainFieldsDirectly(): void {
  const storage = getMetadataStorage();
  for (const type of [...storage.objectTypes, ...storage.interfaceTypes]) {
    for (const field of type.fields ?? []) {
      // The default resolver reads `source[schemaName]`, type-graphql's reads `source[name]`: only where they agree.
      if (field.simple !== undefined || field.roles?.length || field.middlewares?.length || field.name !== field.schemaName) continue;
      field.simple = true;
    }
  }
}
