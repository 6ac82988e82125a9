import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { StatementRecord } from '../../services/statements/statement-record';

/** "January 2025" → month "January", year "2025". */
function monthAndYear(name: string) {
  return { month: name.split(/\s+/)[0] ?? '', year: /\d+/.exec(name)?.[0] ?? '' };
}

export function serializeStatement(s: StatementRecord) {
  return resource('statement', s.id, {
    ...monthAndYear(s.name),
    type: 'ecf' as const,
    cohort: String(s.cohort),
    cut_off_date: s.deadlineDate,
    payment_date: s.paymentDate,
    paid: s.state === 'paid',
    created_at: rfc3339(s.createdAt),
    updated_at: rfc3339(s.updatedAt),
  });
}
