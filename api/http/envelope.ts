/** JSON:API-style envelope of the contract: `data` only, no meta, links or included. */
export interface ResourceObject<T extends string, A> {
  id: string;
  type: T;
  attributes: A;
}

export const JSON_API = 'application/vnd.api+json';

export function resource<T extends string, A>(type: T, id: string, attributes: A): ResourceObject<T, A> {
  return { id, type, attributes };
}

export function single<R>(data: R): { data: R } {
  return { data };
}

export function collection<R>(data: R[]): { data: R[] } {
  return { data };
}
