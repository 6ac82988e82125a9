// A minimal GOV.UK Notify client (https://docs.notifications.service.gov.uk/rest-api.html): one
// call, "send an email", authenticated with a short-lived JWT signed by the API key's secret.
// Web Crypto only, so it runs on Node and on Workers alike.

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface NotifyEmail {
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  /** Our id for the email, shown in Notify and echoed back in its callbacks. */
  reference: string;
}

export interface NotifyClient {
  sendEmail(email: NotifyEmail): Promise<{ id: string }>;
}

export class NotifyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'NotifyError';
  }
}

/** A Notify API key is `<key name>-<service id>-<secret key>`, both ids being UUIDs. */
export function parseNotifyApiKey(apiKey: string): { serviceId: string; secretKey: string } {
  const serviceId = apiKey.slice(-73, -37);
  const secretKey = apiKey.slice(-36);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(serviceId) || !uuid.test(secretKey)) throw new NotifyError('The Notify API key is not in the expected format.');
  return { serviceId, secretKey };
}

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const encodeJson = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));

/** The bearer token Notify expects: HS256 JWT with the service id as issuer and the time issued. */
export async function notifyJwt(serviceId: string, secretKey: string, now: Date): Promise<string> {
  const unsigned = `${encodeJson({ typ: 'JWT', alg: 'HS256' })}.${encodeJson({ iss: serviceId, iat: Math.floor(now.getTime() / 1000) })}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(unsigned)));
  return `${unsigned}.${base64url(signature)}`;
}

export function createNotifyClient(opts: { apiKey: string; baseUrl: string; fetch?: FetchLike; clock?: () => Date }): NotifyClient {
  const { serviceId, secretKey } = parseNotifyApiKey(opts.apiKey);
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  const clock = opts.clock ?? (() => new Date());
  const url = `${opts.baseUrl.replace(/\/$/, '')}/v2/notifications/email`;
  return {
    async sendEmail(email) {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'Authorization': `Bearer ${await notifyJwt(serviceId, secretKey, clock())}`,
          'Content-Type': 'application/json',
          'User-Agent': 'lead-provider-api',
        },
        body: JSON.stringify({
          email_address: email.emailAddress,
          template_id: email.templateId,
          personalisation: email.personalisation,
          reference: email.reference,
        }),
      });
      if (res.status !== 201) {
        // Notify's error body names the problem (never our secrets): keep it for the log.
        const detail = await res.text().catch(() => '');
        throw new NotifyError(`Notify refused the email (HTTP ${res.status}): ${detail.slice(0, 500)}`, res.status);
      }
      const body = (await res.json()) as { id?: unknown };
      if (typeof body.id !== 'string') throw new NotifyError('Notify answered without a notification id.');
      return { id: body.id };
    },
  };
}
