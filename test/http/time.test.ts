import { describe, expect, it } from 'vitest';
import { isoDate, parseInstant, parseRfc3339, rfc3339, rfc3339Millis } from '../../api/http/time';

describe('timestamp formats', () => {
  const t = new Date('2024-05-31T02:22:32.123Z');
  it('renders RFC 3339 without fractions, with milliseconds, and dates', () => {
    expect(rfc3339(t)).toBe('2024-05-31T02:22:32Z');
    expect(rfc3339(null)).toBeNull();
    expect(rfc3339Millis(t)).toBe('2024-05-31T02:22:32.123Z');
    expect(isoDate(t)).toBe('2024-05-31');
  });
});

describe('parseInstant', () => {
  it.each([
    ['2024-05-31T02:22:32Z', '2024-05-31T02:22:32.000Z'],
    ['2024-05-31T03:22:32+01:00', '2024-05-31T02:22:32.000Z'],
    ['2024-05-31T03:22:32+0100', '2024-05-31T02:22:32.000Z'],
    ['2024-05-31T01:52:32-00:30', '2024-05-31T02:22:32.000Z'],
    ['2024-05-31T02:22:32.5Z', '2024-05-31T02:22:32.500Z'],
    ['2024-05-31T02:22', '2024-05-31T02:22:00.000Z'],
    ['2024-05-31', '2024-05-31T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseInstant(input)?.toISOString()).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-01T00:00:00Z', '2023-02-29', '2024-05-31T24:00:00Z', '2024-05-31T02:22:32+25:00', '31/05/2024', '2024-5-31'])(
    'refuses %j',
    (input) => expect(parseInstant(input)).toBeNull(),
  );
});

describe('parseRfc3339 (server date header)', () => {
  it('needs a full date, time and offset', () => {
    expect(parseRfc3339('2025-01-10T10:42:00Z')?.toISOString()).toBe('2025-01-10T10:42:00.000Z');
    expect(parseRfc3339('2025-01-10')).toBeNull();
    expect(parseRfc3339('2025-01-10T10:42:00')).toBeNull();
  });
});
