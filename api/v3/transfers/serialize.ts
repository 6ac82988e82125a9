import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { ParticipantTransfersRecord, TransferSide } from '../../services/transfers/transfer-queries';

const side = <D extends string | null>(s: TransferSide<D>) => ({ school_urn: s.schoolUrn, provider: s.provider, date: s.date });

export function serializeParticipantTransfers(p: ParticipantTransfersRecord) {
  return resource('participant-transfer', p.id, {
    updated_at: rfc3339(p.updatedAt),
    transfers: p.transfers.map((t) => ({
      training_record_id: t.profileId,
      transfer_type: t.type,
      status: t.status,
      leaving: side(t.leaving),
      joining: t.joining ? side(t.joining) : null,
      created_at: rfc3339(t.createdAt),
    })),
  });
}
