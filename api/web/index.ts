import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context';

/** The lead provider web service (sign-in, partnerships by CSV, school challenges, your schools). */
export function createWebApp(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
