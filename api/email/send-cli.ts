import { connectLibsql } from '../../db/libsql';
import { nodeConfigSchema, parseConfig } from '../env';
import { createMailer } from './mailer';
import { deliverAllQueued } from '../jobs/scheduled';
import { queuePartnershipReminders } from './reminders';

// Operator / scheduled command (run it hourly or daily): queues the partnership reminders that
// are due, then delivers every queued email through GOV.UK Notify when it is configured.
//   npm run emails:send

async function main() {
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    const now = new Date();
    const reminders = await queuePartnershipReminders(db, now);
    const mailer = createMailer({ db, config });
    const { sent, failed } = await deliverAllQueued(mailer, now, Number.MAX_SAFE_INTEGER);
    console.log(`${reminders} reminders queued. ${mailer.delivers ? `${sent} emails sent, ${failed} failed.` : 'Notify is not configured: emails stay in the outbox.'}`);
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
