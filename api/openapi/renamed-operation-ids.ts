import type { DocumentName } from './document';

/**
 * Operation ids that differ from the reference service's documents, and why: the reference gives
 * one id to several operations (`participant` names eight v1 operations), which OpenAPI forbids
 * and code generators reject or silently merge into one method. Where an id is shared, the
 * operation the name describes best keeps it and the others get a name of their own, in the
 * reference's own naming style. The route files set these ids; the contract test accepts a
 * difference from the reference only when it is listed here, and the guidance site's "API
 * versions" page shows this list.
 */
export interface RenamedOperationId {
  document: Exclude<DocumentName, 'sandbox'>;
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  reference: string;
  ours: string;
}

const v1v2Actions = (document: 'v1' | 'v2', prefix: string, style: 'ecf_participant' | 'participant'): RenamedOperationId[] =>
  (['withdraw', 'defer', 'resume', 'change-schedule'] as const).map((action) => ({
    document, method: 'PUT', path: `/api/${document}${prefix}/{id}/${action}`, reference: 'participant', ours: `${style}_${action.replace('-', '_')}`,
  }));

export const renamedOperationIds: readonly RenamedOperationId[] = [
  ...v1v2Actions('v1', '/participants/ecf', 'ecf_participant'),
  ...v1v2Actions('v1', '/participants', 'participant'),
  ...v1v2Actions('v2', '/participants/ecf', 'ecf_participant'),
  { document: 'v3', method: 'GET', path: '/api/v3/schools/ecf', reference: 'school_ecf_get', ours: 'school_ecf_list' },
  { document: 'v3', method: 'GET', path: '/api/v3/partnerships/ecf', reference: 'partnerships_ecf_get', ours: 'partnerships_ecf_list' },
  { document: 'v3', method: 'GET', path: '/api/v3/participants/ecf/transfers', reference: 'participants', ours: 'participant_transfers_list' },
  { document: 'v3', method: 'GET', path: '/api/v3/unfunded-mentors/ecf', reference: 'participants', ours: 'unfunded_mentors_list' },
];
