import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { declarationsApi } from './declarations';
import { deliveryPartnersApi } from './delivery-partners';
import { eventsApi } from './events';
import { participantsApi } from './participants';
import { partnershipsApi } from './partnerships';
import { schoolsApi } from './schools';
import { statementsApi } from './statements';
import { transfersApi } from './transfers';
import { unfundedMentorsApi } from './unfunded-mentors';
import { webhooksApi } from './webhooks';

/** Every v3 resource, mounted at /api/v3. Literal paths are registered before `{id}` paths. */
export function createV3Api() {
  const v3 = new OpenAPIHono<AppEnv>();
  v3.route('/', deliveryPartnersApi);
  v3.route('/', schoolsApi);
  v3.route('/', partnershipsApi);
  v3.route('/', transfersApi);
  v3.route('/', participantsApi);
  v3.route('/', unfundedMentorsApi);
  v3.route('/', declarationsApi);
  v3.route('/', statementsApi);
  // Extensions beyond the reference contract (tag "Extensions", x-extension: true)
  v3.route('/', eventsApi);
  v3.route('/', webhooksApi);
  return v3;
}
