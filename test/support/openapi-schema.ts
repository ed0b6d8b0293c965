/**
 * Just enough of OpenAPI 3.0 schemas to hold real responses against the document: $ref, allOf,
 * oneOf, nullable, enum, the primitive types, arrays and objects. Objects are strict: a field the
 * schema does not declare is an error (unless it allows additionalProperties), so a field added in
 * the code but not in the document fails the test.
 */
export type Schema = Record<string, any>;
export type Document = { components?: { schemas?: Record<string, Schema> } } & Record<string, any>;

export function resolve(document: Document, schema: Schema): Schema {
  if (!schema?.$ref) return schema;
  const name = String(schema.$ref).replace('#/components/schemas/', '');
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
  return resolve(document, target);
}

/** Resolves $refs and merges allOf into one schema: properties merged field by field, later keywords winning (e.g. a narrower enum). */
export function flatten(document: Document, schema: Schema): Schema {
  const resolved = resolve(document, schema);
  if (!resolved.allOf) return resolved;
  const { allOf, ...rest } = resolved;
  return [...allOf, rest].map((part: Schema) => flatten(document, part)).reduce((a, b) => merge(document, a, b), {});
}

function merge(document: Document, a: Schema, b: Schema): Schema {
  const merged: Schema = { ...a, ...b };
  if (a.properties || b.properties) {
    merged.properties = { ...a.properties };
    for (const [key, value] of Object.entries<Schema>(b.properties ?? {})) {
      merged.properties[key] = a.properties?.[key] ? merge(document, flatten(document, a.properties[key]), flatten(document, value)) : value;
    }
  }
  if (a.required || b.required) merged.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  return merged;
}

/** Every way `value` breaks `schema`, as "path: problem" strings (empty when it conforms). */
export function violations(document: Document, schema: Schema, value: unknown, path = '$'): string[] {
  const s = flatten(document, schema);
  if (value === null) return s.nullable ? [] : [`${path}: null is not allowed`];
  if (s.oneOf) {
    const matching = s.oneOf.filter((option: Schema) => violations(document, option, value, path).length === 0);
    return matching.length ? [] : [`${path}: matches none of oneOf`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  switch (s.type) {
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: ${JSON.stringify(value)} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: ${JSON.stringify(value)} is not a number`];
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} is not a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: ${JSON.stringify(value)} is not a boolean`];
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => violations(document, s.items ?? {}, item, `${path}[${i}]`)) : [`${path}: not an array`];
  }
  if (s.type === 'object' || s.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
    const properties: Record<string, Schema> = s.properties ?? {};
    const problems: string[] = [];
    for (const key of s.required ?? []) if (!(key in (value as object))) problems.push(`${path}.${key}: required but missing`);
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      if (properties[key]) problems.push(...violations(document, properties[key], field, `${path}.${key}`));
      else if (!s.additionalProperties && Object.keys(properties).length) problems.push(`${path}.${key}: not in the document`);
    }
    return problems;
  }
  return [];
}
