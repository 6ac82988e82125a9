// Email address checks, after GOV.UK Notify's validator (what Notify will accept): a plain local
// part, no "..", at most 320 characters, a hostname of at most 253 characters with at least two
// labels of at most 63 characters each, and a real-looking top-level domain.

const LOCAL_CHARS = "a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\\-";
const EMAIL = new RegExp(`^[${LOCAL_CHARS}]+@([^.@][^@\\s]+)$`);
const HOSTNAME_PART = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TLD = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;

/** Trims, including the invisible spaces that copying from documents brings along. */
export function normaliseEmail(value: string): string {
  return value.replace(/[\u200B\u200C\u200D\u2060\uFEFF]/g, '').trim().toLowerCase();
}

export type EmailProblem = 'missing' | 'format';

export function checkEmailAddress(raw: string): EmailProblem | null {
  const email = normaliseEmail(raw);
  if (email === '') return 'missing';
  const match = EMAIL.exec(email);
  if (!match || email.length > 320 || email.includes('..')) return 'format';
  const hostname = match[1]!;
  const parts = hostname.split('.');
  if (hostname.length > 253 || parts.length < 2) return 'format';
  if (parts.some((p) => p === '' || p.length > 63 || !HOSTNAME_PART.test(p))) return 'format';
  if (!TLD.test(parts[parts.length - 1]!)) return 'format';
  return null;
}

export const emailMessages: Record<EmailProblem, string> = {
  missing: 'Enter your email address',
  format: 'Enter an email address in the correct format, like name@example.com',
};
