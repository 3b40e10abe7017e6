/** `npm start`: the bot on the embedded default, or on whatever the environment configures. */
import http from 'node:http';
import { frozenClock, systemClock } from './clock.js';
import { loadConfig, messengerEnabled } from './config.js';
import { importFolder } from './knowledge-base/import-folder.js';
import { KnowledgeBaseLoadError, KnowledgeBaseProvider, storeSource } from './knowledge-base/provider.js';
import { log, registerSecret, setLogLevel } from './log.js';
import { buildApp, finishApp } from './server/app.js';
import { openStorage } from './storage/open.js';
import { schedulePurge } from './storage/purge.js';
import { storedRetention } from './storage/retention.js';
import { SEND_LEDGER_PREFIX } from './channels/messenger/sender.js';

// After an uncaught error the process is in an unknown state: log it and exit, and let the platform
// (Procfile runner, systemd, the container) start a clean one. Work in the inbox is durable and resumes.
process.on('unhandledRejection', (reason) => {
  log.error('unhandled rejection: exiting', { err: reason instanceof Error ? reason : String(reason) });
  process.exit(1);
});
process.on('uncaughtException', (err) => {
  log.error('uncaught exception: exiting', { err });
  process.exit(1);
});

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  registerSecret(config.facebook.pageAccessToken);
  registerSecret(config.facebook.appSecret);
  registerSecret(config.facebook.verifyToken);
  const clock = config.clock ? frozenClock(config.clock) : systemClock;
  const storage = await openStorage(config);
  // A fresh install publishes the shipped knowledge base (KB_DIR) on first start; from then on editors
  // publish through the console, and every instance follows the store (issue 16).
  if ((await storage.kbPublishMark()) === '') {
    const imported = await importFolder(storage, config.kbDir, clock, 'first start');
    if (!imported.ok) {
      for (const p of imported.problems) log.error('knowledge base problem', { file: p.file, line: p.line, problem: p.message });
      log.error('not starting: the knowledge base to import has problems (npm run kb:validate shows every problem)');
      process.exit(1);
    }
    log.info('knowledge base imported into the store on first start', { dir: config.kbDir, ...imported.summary });
  }
  let kb: KnowledgeBaseProvider;
  try {
    kb = await KnowledgeBaseProvider.start(storeSource(storage), clock);
  } catch (err) {
    if (err instanceof KnowledgeBaseLoadError) {
      for (const p of err.problems) log.error('knowledge base problem', { file: p.file, line: p.line, problem: p.message });
      log.error('not starting: the published knowledge base has problems; fix them with npm run kb:import');
      process.exit(1);
    }
    throw err;
  }
  if (config.kbWatch) kb.follow(1000, { buildAhead: config.kbBuildAhead });
  if (!config.clock) kb.keepNextDayReady();
  const { app, messenger, escalations } = buildApp({ config, storage, kb, clock });
  const reminder = setInterval(() => {
    escalations
      .remindUnanswered(config.handoffTimeoutMinutes, config.organisation)
      .catch((err: unknown) => log.error('hand-off reminder failed', { err: err instanceof Error ? err : String(err) }));
    // Cases resolved "follow-up needed" come back to the staff queue on their day.
    escalations.bringBackFollowUps().catch((err: unknown) => log.error('follow-up check failed', { err: err instanceof Error ? err : String(err) }));
  }, 60_000);
  reminder.unref();
  // Expired console sessions (by the console's clock) and old finished inbox events (receipt times are
  // real time): now, then every hour, without keeping the process alive (storage/purge.ts).
  const stopPurge = schedulePurge({
    storage,
    inboxRetentionMs: config.inbox.retentionMs,
    // the admin's settings (console → Lưu giữ dữ liệu), read at each run
    retention: () => storedRetention(storage),
    statePrefixes: [SEND_LEDGER_PREFIX],
    sessionClock: clock,
    inboxClock: systemClock,
  });
  if (!messengerEnabled(config)) log.info('Messenger webhook off: set FB_PAGE_ACCESS_TOKEN, FB_APP_SECRET and FB_VERIFY_TOKEN to turn it on');
  messenger?.start();
  finishApp(app);
  const server = http.createServer(app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info('listening', {
      url: `http://localhost:${port}/`,
      store: storage.kind,
      entries: kb.current().kb.entries.length,
      kbVersion: kb.current().kb.version,
    });
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('stopping', { signal, waitsAtMostSeconds: config.shutdownTimeoutMs / 1000 });
    // Never wait forever: whatever still hangs after the deadline (plus a margin for closing) is abandoned;
    // events in hand keep their leases and are taken up after restart.
    const hardStop = setTimeout(() => {
      log.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    hardStop.unref();
    clearInterval(reminder);
    stopPurge();
    server.close();
    server.closeIdleConnections();
    const finished = (await messenger?.stop(config.shutdownTimeoutMs)) ?? true;
    server.closeAllConnections();
    kb.close();
    await storage.close();
    process.exit(finished ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  log.error('failed to start', { err: err instanceof Error ? err : String(err) });
  process.exit(1);
});
