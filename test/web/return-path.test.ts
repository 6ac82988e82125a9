import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../api/web/paths';

describe('where sign-in may return to', () => {
  it('accepts the service’s own pages, with their query', () => {
    expect(safeReturnPath('/lead-providers/your-schools?cohort=2025&query=a%20b')).toBe('/lead-providers/your-schools?cohort=2025&query=a%20b');
    expect(safeReturnPath('/lead-providers/partnerships/8d9e')).toBe('/lead-providers/partnerships/8d9e');
    expect(safeReturnPath('/dashboard')).toBe('/dashboard');
    expect(safeReturnPath('/support')).toBe('/support');
  });

  it('refuses other sites, however they are written, and the sign-in pages themselves', () => {
    for (const value of [
      '//evil.example', '///evil.example', 'https://evil.example', 'HTTPS://evil.example', 'http:evil.example', '/\\evil.example', '\\\\evil.example',
      '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/ /evil.example', '/\u2028/evil.example', '/%2F/evil.example',
      'javascript:alert(1)', 'data:text/html,x', '/users/sign_out', '/users/confirm_sign_in?login_token=x', '/lead-providers/..//evil.example',
      '/lead-providers/../api/v3/participants', '/api/v3/participants', 'lead-providers', '', undefined, null, 42, ['/dashboard'], `/${'a'.repeat(1001)}`,
    ]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBeNull();
    }
  });
});
