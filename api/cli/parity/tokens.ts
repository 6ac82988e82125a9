import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// The tokens file (YAML, or JSON, which is YAML too): for each lead provider, its API token on
// deployment A and on deployment B.
//
//   Ambition Institute:
//     a: <token for A>
//     b: <token for B>
//
// Tokens are secrets: keep the file out of version control and readable only by you.

const tokensSchema = z.record(z.string().min(1), z.strictObject({ a: z.string().min(1), b: z.string().min(1) }))
  .refine((m) => Object.keys(m).length > 0, 'name at least one lead provider');

export interface LeadProviderTokens {
  name: string;
  a: string;
  b: string;
}

export function parseTokens(text: string, origin = 'tokens file'): LeadProviderTokens[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new Error(`${origin}: not YAML or JSON (${err instanceof Error ? err.message : err})`);
  }
  const parsed = tokensSchema.safeParse(raw);
  if (!parsed.success) {
    // Never echo the values: they are tokens.
    throw new Error(`${origin}: expected "<lead provider>: { a: <token>, b: <token> }" entries (${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')})`);
  }
  return Object.entries(parsed.data).map(([name, t]) => ({ name, a: t.a, b: t.b }));
}

export function loadTokens(file: string): LeadProviderTokens[] {
  return parseTokens(readFileSync(file, 'utf8'), file);
}
