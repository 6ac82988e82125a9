// Reduces an OpenAPI 3.0 document to its contract: operations, parameters, request bodies and
// response schemas as field names, types, formats and enums. Prose (summaries, descriptions,
// examples) is dropped, so the reference's wording never enters this repository.

type Json = Record<string, unknown>;

export interface Shape {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Shape>;
  items?: Shape;
  oneOf?: Shape[];
}

export interface ParameterShape {
  name: string;
  in: string;
  required: boolean;
  style?: string;
  explode?: boolean;
  schema?: Shape;
}

export interface OperationShape {
  operationId?: string;
  tags?: string[];
  parameters: ParameterShape[];
  requestBody?: Shape;
  responses: Record<string, Shape | null>;
}

export type ContractShape = Record<string, OperationShape>;

function resolve(doc: Json, node: Json): Json {
  let current = node;
  for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<Json>((acc, key) => acc[key] as Json, doc);
  }
  return current;
}

export function schemaShape(doc: Json, node: Json | undefined, depth = 0): Shape {
  if (!node || depth > 12) return {};
  const s = resolve(doc, node);
  if (Array.isArray(s.allOf)) {
    const merged: Shape = { type: 'object', properties: {} };
    for (const part of s.allOf as Json[]) {
      const shape = schemaShape(doc, part, depth + 1);
      Object.assign(merged.properties!, shape.properties ?? {});
    }
    return merged;
  }
  const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (Array.isArray(variants)) return { oneOf: variants.map((v) => schemaShape(doc, v, depth + 1)) };
  const out: Shape = {};
  const type = s.type as string | undefined;
  if (type) out.type = type;
  else if (s.properties) out.type = 'object';
  if (typeof s.format === 'string') out.format = s.format;
  // A null among enum values is another way of writing `nullable`.
  if (Array.isArray(s.enum)) out.enum = (s.enum as unknown[]).filter((v) => v !== null).sort();
  if (s.nullable === true || (Array.isArray(s.enum) && s.enum.includes(null))) out.nullable = true;
  if (s.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) out.properties[k] = schemaShape(doc, v, depth + 1);
  }
  if (s.items) out.items = schemaShape(doc, s.items as Json, depth + 1);
  return out;
}

const methods = ['get', 'put', 'post', 'patch', 'delete'];

export function contractShape(doc: Json): ContractShape {
  const out: ContractShape = {};
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of methods) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const parameters = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])].map((p) => {
        const param = resolve(doc, p);
        const shape: ParameterShape = { name: param.name as string, in: param.in as string, required: param.required === true };
        if (param.style) shape.style = param.style as string;
        if (param.explode !== undefined) shape.explode = param.explode as boolean;
        if (param.schema) shape.schema = schemaShape(doc, param.schema as Json);
        return shape;
      });
      const body = op.requestBody ? resolve(doc, op.requestBody as Json) : undefined;
      const bodySchema = body ? (Object.values((body.content as Record<string, Json>) ?? {})[0]?.schema as Json | undefined) : undefined;
      const responses: Record<string, Shape | null> = {};
      for (const [status, r] of Object.entries((op.responses as Record<string, Json>) ?? {})) {
        const response = resolve(doc, r);
        const schema = Object.values((response.content as Record<string, Json>) ?? {})[0]?.schema as Json | undefined;
        responses[status] = schema ? schemaShape(doc, schema) : null;
      }
      out[`${method.toUpperCase()} ${path}`] = {
        operationId: op.operationId as string | undefined,
        tags: op.tags as string[] | undefined,
        parameters,
        ...(bodySchema ? { requestBody: schemaShape(doc, bodySchema) } : {}),
        responses,
      };
    }
  }
  return out;
}

/** Differences between a reference shape and ours, as readable paths; [] when ours conforms. */
export function compareShapes(reference: Shape | undefined, ours: Shape | undefined, at: string, nullableAllowed: ReadonlySet<string> = new Set()): string[] {
  if (!reference) return [];
  if (!ours) return [`${at}: missing`];
  const problems: string[] = [];
  if (reference.oneOf) {
    const variants = ours.oneOf ?? [ours];
    const fits = reference.oneOf.every((ref) => variants.some((v) => compareShapes(ref, v, at, nullableAllowed).length === 0));
    if (!fits) problems.push(`${at}: does not offer every variant of the reference`);
    return problems;
  }
  if (reference.type && reference.type !== ours.type && !(reference.type === 'number' && ours.type === 'integer')) {
    problems.push(`${at}: type ${ours.type ?? '(none)'} instead of ${reference.type}`);
  }
  if (reference.format && reference.format !== ours.format) problems.push(`${at}: format ${ours.format ?? '(none)'} instead of ${reference.format}`);
  if (reference.enum && JSON.stringify(reference.enum) !== JSON.stringify(ours.enum)) {
    problems.push(`${at}: enum ${JSON.stringify(ours.enum)} instead of ${JSON.stringify(reference.enum)}`);
  }
  const field = at.split('.').pop()!.replace(/\[\]$/, '');
  const loosened = !reference.nullable && ours.nullable && nullableAllowed.has(field);
  if (Boolean(reference.nullable) !== Boolean(ours.nullable) && !loosened) {
    problems.push(`${at}: nullable ${Boolean(ours.nullable)} instead of ${Boolean(reference.nullable)}`);
  }
  for (const [name, refProp] of Object.entries(reference.properties ?? {})) {
    problems.push(...compareShapes(refProp, ours.properties?.[name], `${at}.${name}`, nullableAllowed));
  }
  for (const name of Object.keys(ours.properties ?? {})) {
    if (reference.properties && !(name in reference.properties)) problems.push(`${at}.${name}: not in the reference`);
  }
  if (reference.items) problems.push(...compareShapes(reference.items, ours.items, `${at}[]`, nullableAllowed));
  return problems;
}
