import { Hono } from 'hono';
import { stringify } from 'yaml';
import type { AppEnv } from '../context';

/**
 * Serves a version's document as JSON and as YAML (what providers import into Postman), at our
 * path and at the path the reference service used, so existing links keep working.
 */
export function openApiRoutes(version: string, document: () => object) {
  const routes = new Hono<AppEnv>();
  let cached: { json: string; yaml: string } | undefined;
  const render = () => (cached ??= { json: JSON.stringify(document()), yaml: stringify(document()) });
  const json = (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }) =>
    c.body(render().json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  const yaml = (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }) =>
    c.body(render().yaml, 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
  routes.get(`/api-docs/${version}/openapi.json`, json);
  routes.get(`/api-docs/${version}/openapi.yaml`, yaml);
  if (version.startsWith('v')) routes.get(`/lead-providers/api-docs/${version}/api_spec.yml`, yaml);
  return routes;
}
