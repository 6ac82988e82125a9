import type { Db } from '../../../db/client';
import { operatorAuditEvents } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import type { OperatorActor } from './operator-tokens';

export interface AuditEntry {
  actor: OperatorActor;
  now: Date;
  /** HTTP method, or `CLI`. */
  method: string;
  /** Request path, or the command line's verb. */
  path: string;
  operation: string;
  targetIds: string[];
  input: unknown;
  requestId?: string | null;
}

// Input is summarised, not stored whole: an audit row must never hold a secret, and a bulk file
// of thousands of rows is described by its row, not copied.
const SECRET_KEYS = /token|password|secret/i;
const MAX_STRING = 200;
const MAX_KEYS = 40;

export function summariseInput(input: unknown, depth = 0): unknown {
  if (typeof input === 'string') return input.length > MAX_STRING ? `${input.slice(0, MAX_STRING)}…` : input;
  if (input === null || typeof input !== 'object') return input;
  if (depth >= 3) return Array.isArray(input) ? `[${input.length} items]` : '{…}';
  if (Array.isArray(input)) return input.slice(0, 10).map((v) => summariseInput(v, depth + 1)).concat(input.length > 10 ? [`…${input.length - 10} more`] : []);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input).slice(0, MAX_KEYS)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : summariseInput(value, depth + 1);
  return out;
}

/** The insert of one audit row, for a caller to put in the same batch as its writes. */
export function auditStatement(db: Db, entry: AuditEntry) {
  return db.insert(operatorAuditEvents).values({
    id: crypto.randomUUID(),
    actorTokenId: entry.actor.tokenId,
    actorName: entry.actor.name,
    occurredAt: entry.now,
    method: entry.method,
    path: entry.path,
    operation: entry.operation,
    targetIds: JSON.stringify(entry.targetIds),
    inputSummary: JSON.stringify(summariseInput(entry.input) ?? null),
    requestId: entry.requestId ?? null,
  });
}

/** Records a write that has been made. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry);
}

/** The audit row of an operator's write, from its context. */
export function operatorAudit(ctx: OperatorContext, operation: string, targetIds: string[], input: unknown) {
  return auditStatement(ctx.db, {
    actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: ctx.via.path, operation, targetIds, input, requestId: ctx.requestId,
  });
}
