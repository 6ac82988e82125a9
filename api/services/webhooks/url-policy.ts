import type { AppEnvironment } from '../../env';

// Where we agree to send a provider's events. Production: https only, and never to a private,
// loopback, link-local or otherwise internal address (SSRF: a webhook must not become a way to
// reach our own network). Sandbox: also http, still only public hosts (it is on the internet
// too). Development and test: anything, so a receiver on localhost works.
//
// Names are checked as written here; on Node the delivery also resolves the name and checks
// every address it resolves to (a public name that points inside). Workers cannot reach private
// networks at all. Redirects are never followed.

export type UrlProblem = string | null;

const internalNames = [/^localhost$/i, /\.localhost$/i, /\.local$/i, /\.internal$/i, /\.home\.arpa$/i, /^metadata(\.google\.internal)?$/i];

/** True for an IPv4 or IPv6 literal that is not a public unicast address. */
export function isInternalAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = a.match(/^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return x === 0 || x === 10 || x === 127 || x >= 224 || (x === 100 && y >= 64 && y <= 127) || (x === 169 && y === 254)
      || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 192 && y === 0) || (x === 198 && (y === 18 || y === 19));
  }
  if (a.includes(':')) {
    if (a === '::' || a === '::1') return true;
    if (/^::ffff:/.test(a)) return true; // mapped forms other than dotted: refuse rather than parse
    return /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || /^ff/.test(a);
  }
  return false;
}

const isIpLiteral = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/** Why `url` cannot be a webhook address in `env`, or null when it can. */
export function webhookUrlProblem(url: string, env: AppEnvironment): UrlProblem {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Give the full address of your receiver, for example https://example.com/webhooks/dfe.';
  }
  if (url.length > 2000) return 'The address must be at most 2000 characters.';
  if (parsed.username || parsed.password) return 'The address must not contain a user name or password: we sign every delivery instead.';
  const local = env === 'development' || env === 'test';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && env !== 'production')) {
    return env === 'production' ? 'The address must start with https://.' : 'The address must start with https:// or http://.';
  }
  if (local) return null;
  const host = parsed.hostname;
  if (internalNames.some((re) => re.test(host)) || (isIpLiteral(host) && isInternalAddress(host))) {
    return 'The address must be on the public internet: private, loopback and internal addresses are refused.';
  }
  if (!host.includes('.') && !isIpLiteral(host)) return 'The address must be on the public internet: use a fully qualified host name.';
  return null;
}
