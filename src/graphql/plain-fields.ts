// Plain fields (a property of the object, no resolver method, no @Authorized, no middleware) resolve with
// graphql-js's default resolver instead of type-graphql's wrapper, which allocates a resolver-data object and
// runs an empty middleware chain for every field of every object. In a large answer (the brand dashboard of
// docs/performance.md) that is most of the fields. The same as `simpleResolvers: true` on each @ObjectType,
// decided here once, for the fields where it cannot change what is answered.
import { isObjectType, type GraphQLSchema } from "graphql";
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

/**
 * The same, after the build, for the plain fields the metadata did not list before it (their object types'
 * fields are gathered by the build itself) and for those the schema names differently from their property
 * (a row's `publicId` as `id`, `id` as `legacyId`), where the default resolver would read the wrong
 * property: each reads its property directly, which is all type-graphql's wrapper does for a field without
 * roles or middleware, without the wrapper's resolver-data object and middleware chain per field per object.
 * Fields with a resolver method are left to type-graphql.
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  for (const type of storage.objectTypes) {
    const graphqlType = schema.getType(type.name);
    if (!isObjectType(graphqlType)) continue;
    const schemaFields = graphqlType.getFields();
    // As type-graphql builds an object type's fields: its interfaces' fields, then its own.
    const interfaces = storage.interfaceTypes.filter((it) => type.interfaceClasses?.includes(it.target));
    for (const field of [...interfaces.flatMap((it) => it.fields ?? []), ...(type.fields ?? [])]) {
      if (field.simple || field.roles?.length || field.middlewares?.length) continue;
      if (storage.fieldResolvers.some((it) => it.getObjectType?.() === field.target && it.methodName === field.name)) continue;
      const schemaField = schemaFields[field.schemaName];
      if (!schemaField) continue;
      const property = field.name;
      schemaField.resolve = (source: Record<string, unknown>) => source[property];
    }
  }
}
