import type { Db } from '../../db/client';
import type { AppEnv } from '../context';
import type { Mailer } from '../email/mailer';
import type { Config } from '../env';

/** What every web page handler needs, built once per app from the host's dependencies. */
export interface WebDeps {
  db: Db;
  config: Config;
  clock: () => Date;
  mailer: Mailer;
  /** Keeps background work (email delivery) alive after the response on Workers. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** The signed-in person, with their lead provider. */
export interface WebUser {
  id: string;
  email: string;
  fullName: string;
  leadProvider: { id: string; name: string };
}

export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    web: WebDeps;
    /** Set by the session middleware: null when nobody is signed in. */
    user: WebUser | null;
    sessionIdHash: string | null;
    /** The token every form on the page must send back (double-submit cookie). */
    csrfToken: string;
  };
}
