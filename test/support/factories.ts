import { cohortId } from '../../db/reference-data/load';
import { loadLeadProviderContracts } from '../../db/reference-data/load';
import type { Db } from '../../db/client';
import { deliveryPartners, leadProviders, providerRelationships } from '../../db/schema';
import { createApiToken } from '../../api/services/auth/api-tokens';

// Factories make unique data on every call, so tests never depend on magic ids or on order.

let sequence = 0;
const next = () => ++sequence;
const at = (iso = '2025-01-01T00:00:00Z') => new Date(iso);

export interface LeadProviderFixture {
  id: string;
  name: string;
  token: string;
}

export async function createLeadProvider(db: Db, opts: { name?: string; cohorts?: number[]; withStatements?: boolean } = {}): Promise<LeadProviderFixture> {
  const id = crypto.randomUUID();
  const name = opts.name ?? `Lead Provider ${next()}`;
  const now = at();
  await db.insert(leadProviders).values({ id, name, createdAt: now, updatedAt: now });
  if (opts.withStatements) await loadLeadProviderContracts(db, id, opts.cohorts ?? [2021, 2022, 2023, 2024, 2025], new Date('2025-11-15T10:00:00Z'));
  const token = await createApiToken(db, id, now);
  return { id, name, token };
}

export async function createDeliveryPartner(db: Db, opts: { name?: string; createdAt?: Date; updatedAt?: Date; discardedAt?: Date } = {}) {
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? at();
  await db.insert(deliveryPartners).values({
    id,
    name: opts.name ?? `Delivery Partner ${next()}`,
    createdAt,
    updatedAt: opts.updatedAt ?? createdAt,
    discardedAt: opts.discardedAt ?? null,
  });
  return { id };
}

export async function createProviderRelationship(db: Db, leadProviderId: string, deliveryPartnerId: string, year: number, opts: { discarded?: boolean } = {}) {
  const now = at();
  await db.insert(providerRelationships).values({
    id: crypto.randomUUID(),
    leadProviderId,
    deliveryPartnerId,
    cohortId: cohortId(year),
    discardedAt: opts.discarded ? now : null,
    createdAt: now,
    updatedAt: now,
  });
}
