import type { Config } from '../env';

// GOV.UK style dates and times, in UK time whatever the server's zone.

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** "2 January 2026" */
export const formatDate = (d: Date) => dateFormat.format(d);
/** "3:04pm on 2 January 2026" */
export const formatDateTime = (d: Date) => `${timeFormat.format(d).replace(/\s/g, '').toLowerCase()} on ${formatDate(d)}`;

/** An absolute link into this service, for emails. */
export const serviceLink = (config: Pick<Config, 'SERVICE_URL'>, path: string) => `${config.SERVICE_URL.replace(/\/$/, '')}${path}`;

/** "2025 to 2026" */
export const academicYear = (startYear: number) => `${startYear} to ${startYear + 1}`;
