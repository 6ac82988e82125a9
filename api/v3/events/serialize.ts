import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import { resourcePath, type EventType } from '../../services/events/event-types';
import type { EventRecord } from '../../services/events/list-events';

export function serializeEvent(e: EventRecord) {
  const cursor = String(e.seq);
  return resource('event', cursor, {
    cursor,
    resource_type: e.type as EventType,
    resource_id: e.resourceId,
    updated_at: rfc3339(e.updatedAt),
    path: resourcePath(e.type, e.resourceId),
  });
}
