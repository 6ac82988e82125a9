// The kinds of change the feed carries: the JSON:API type of each resource, and where a client
// reads it (v3; the ECF paths, which every client knows).

export const EVENT_TYPES = ['participant', 'partnership', 'participant-declaration', 'participant-transfer', 'unfunded-mentor', 'statement'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const paths: Record<EventType, (id: string) => string> = {
  participant: (id) => `/api/v3/participants/ecf/${id}`,
  partnership: (id) => `/api/v3/partnerships/ecf/${id}`,
  'participant-declaration': (id) => `/api/v3/participant-declarations/${id}`,
  'participant-transfer': (id) => `/api/v3/participants/ecf/${id}/transfers`,
  'unfunded-mentor': (id) => `/api/v3/unfunded-mentors/ecf/${id}`,
  statement: (id) => `/api/v3/statements/${id}`,
};

export function resourcePath(type: string, id: string): string {
  return (paths[type as EventType] ?? ((x: string) => x))(id);
}

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);
