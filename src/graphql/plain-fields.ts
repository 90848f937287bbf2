// Plain fields (a property of the object, no resolver method, no @Authorized, no middleware) read their property
// directly instead of going through type-graphql's wrapper, which allocates a resolver-data object and
// runs an empty middleware chain for every field of every object. In a large answer (the brand dashboard of
// docs/performance.md) that is most of the fields. Done after the build: type-graphql gathers an object
// type's fields only while building, so a pass over its metadata before the build (setting `simple`) finds none.
import { isObjectType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/**
 * Every plain field, including those the schema names differently from their property (a row's `publicId`
 * as `id`, `id` as `legacyId`), where graphql-js's default resolver would read the wrong property: each
 * reads its property directly, which is all type-graphql's wrapper does for a field without
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
      // Without a resolver, the executors read the property of the field's own name themselves; the compiled
      // executor (compiled-execution.ts) then makes it a plain property read, with no call and no info object.
      schemaField.resolve = property === schemaField.name ? undefined : (source: Record<string, unknown>) => source[property];
    }
  }
}
