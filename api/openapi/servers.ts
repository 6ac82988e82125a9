import { serviceInfo } from '../service-info';

export type OpenApiServer = { url: string; description: string };

export interface ServerAddresses {
  productionUrl: string;
  sandboxUrl: string;
  /** The deployment serving the document, when it is neither of DfE's (a local or test server). */
  serviceUrl?: string;
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Absolute base URLs for a document's `servers`: code generators and tools such as Postman
 * cannot resolve a relative `/`. The sandbox control API exists only in the sandbox. A deployment
 * other than DfE's two lists itself first, so a document fetched from it works against it.
 */
export function openApiServers(document: string, addresses: ServerAddresses = serviceInfo): OpenApiServer[] {
  const dfe: OpenApiServer[] = document === 'sandbox'
    ? [{ url: withoutSlash(addresses.sandboxUrl), description: 'Sandbox' }]
    : [
      { url: withoutSlash(addresses.sandboxUrl), description: 'Sandbox' },
      { url: withoutSlash(addresses.productionUrl), description: 'Production' },
    ];
  const own = addresses.serviceUrl ? withoutSlash(addresses.serviceUrl) : undefined;
  if (!own || dfe.some((s) => s.url === own)) return dfe;
  return [{ url: own, description: 'This deployment' }, ...dfe];
}
