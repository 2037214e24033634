/* A minimal valid value for a (dereferenced) JSON schema: every required property filled. */
type Schema = {
  type?: string | string[];
  nullable?: boolean;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  default?: unknown;
  example?: unknown;
};

const FORMATS: Record<string, unknown> = {
  uri: 'https://github.com/fake',
  'date-time': '2024-01-01T00:00:00Z',
  email: 'octocat@github.invalid',
  date: '2024-01-01',
};

/** Builds the smallest value that satisfies `schema` (required fields only). */
export function sampleFromSchema(schema: Schema | undefined, depth = 0): unknown {
  if (schema === undefined || depth > 12) return null;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sampleFromSchema(s, depth + 1)) as object[]);
  if (schema.oneOf?.[0]) return sampleFromSchema(schema.oneOf[0], depth + 1);
  if (schema.anyOf?.[0]) return sampleFromSchema(schema.anyOf[0], depth + 1);
  if (schema.enum) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.nullable && type !== 'object' && type !== 'array') return null;
  switch (type) {
    case 'string':
      return schema.format !== undefined && schema.format in FORMATS ? FORMATS[schema.format] : 'fake';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
    default: {
      if (schema.nullable && !schema.required?.length) return null;
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleFromSchema(schema.properties?.[key], depth + 1);
      return out;
    }
  }
}
