import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { allowsServerDateOverride } from '../env';
import { ApiError } from '../errors/api-error';
import { parseRfc3339 } from '../http/time';

export const SERVER_DATE_HEADER = 'X-With-Server-Date';

/**
 * The years a moved clock may show. Cohorts, schedules and statements exist for 2020 onwards, and
 * a clock far outside them would only stamp records with nonsense dates that then stick (a year
 * 0099 is read by JavaScript as 1999; 9999 outlives every statement).
 */
export const SERVER_DATE_YEARS = { from: 2020, to: 2040 } as const;

/**
 * Sets the request's clock (`now`). Outside production, `X-With-Server-Date` moves it for the
 * whole request, so providers can test declarations ahead of time. Production ignores it.
 */
export const serverDate = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { config, clock } = c.var.deps;
    const header = c.req.header(SERVER_DATE_HEADER);
    if (header !== undefined && allowsServerDateOverride(config.APP_ENV)) {
      const date = parseRfc3339(header);
      if (!date) {
        throw ApiError.badRequest(
          `${SERVER_DATE_HEADER} must be a date and time in RFC 3339 format with an offset, for example 2025-01-10T10:42:00Z.`,
        );
      }
      const year = date.getUTCFullYear();
      if (year < SERVER_DATE_YEARS.from || year > SERVER_DATE_YEARS.to) {
        throw ApiError.badRequest(
          `${SERVER_DATE_HEADER} must be a date between ${SERVER_DATE_YEARS.from} and ${SERVER_DATE_YEARS.to}, for example 2025-01-10T10:42:00Z.`,
        );
      }
      c.set('now', date);
    } else {
      c.set('now', clock());
    }
    await next();
  });
