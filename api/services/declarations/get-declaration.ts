import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { findDeclaration, type DeclarationRecord } from './declaration-queries';

export async function getDeclaration(ctx: RequestContext, id: string): Promise<DeclarationRecord> {
  const declaration = await findDeclaration(ctx.db, id, ctx.leadProvider.id);
  if (!declaration) throw new NotFoundError('declaration');
  return declaration;
}
