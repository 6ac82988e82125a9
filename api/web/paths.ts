// Which paths the web service answers, and where a person may be sent back to after signing in.

const WEB_PATHS = /^\/(users\/|dashboard$|lead-providers(\/|$)|report-incorrect-partnership(\/|$)|support(\/|$)|outbox$)/;

/** Paths the web service answers (everything else, e.g. /api, passes straight through). */
export const isWebPath = (path: string) => WEB_PATHS.test(path);

const ORIGIN = 'https://service.invalid';

/**
 * The page to return to after sign-in, if `value` is a safe one: a path of this service's own
 * pages (with its query), never another site. Browsers read "//evil", "/\evil" and "\\evil" as
 * other sites, and drop tabs and line breaks before reading ("/\t/evil" becomes "//evil"), so
 * any backslash, whitespace or control character is refused outright; what is left must resolve
 * to this origin, and to a page of the service that is not sign-in or sign-out itself.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN || url.pathname.startsWith('//') || url.username || url.password) return null;
  if (!isWebPath(url.pathname) || url.pathname.startsWith('/users/')) return null;
  return `${url.pathname}${url.search}`;
}
