/** The one express server: web chat, Messenger webhook, staff console, health. */
import express, { type Express } from 'express';
import { MessengerChannel } from '../channels/messenger/channel.js';
import { newsPageRouter } from '../channels/web/news-page.js';
import { webChatRouter } from '../channels/web/routes.js';
import { consoleRouter } from '../console/routes.js';
import type { StateStore } from '../storage/types.js';
import { messengerEnabled, type Config } from '../config.js';
import { CALCULATORS } from '../calculators/index.js';
import { vietnamDay, type Clock } from '../clock.js';
import { calculatorDialog } from '../conversation/dialogs/calculator-dialog.js';
import { DialogEngine } from '../conversation/dialogs/engine.js';
import { intakeDialog } from '../conversation/dialogs/intake-dialog.js';
import { ConversationCore, PAYLOAD } from '../conversation/respond.js';
import { translator, type Locale } from '../i18n.js';
import { ConversationService } from '../conversation/service.js';
import { EscalationService } from '../escalation/escalations.js';
import { webSender, type ChannelSenders } from '../escalation/senders.js';
import type { KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import type { DeadInboxStore, InboxStore, Storage } from '../storage/types.js';
import { API_ERRORS, errorHandler, requestId, sendError } from './errors.js';

export interface AppParts {
  config: Config;
  storage: Storage;
  kb: KnowledgeBaseProvider;
  clock: Clock;
  /** tests: a fake sleep for Graph retries */
  graphSleep?: (ms: number) => Promise<void>;
}

export interface BuiltApp {
  app: Express;
  service: ConversationService;
  escalations: EscalationService;
  messenger: MessengerChannel | undefined;
  /** extra health checks registered by channels (e.g. Messenger degraded) */
  health: Map<string, () => Record<string, unknown>>;
}

export function securityHeaders(): express.RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    next();
  };
}

export function buildApp(parts: AppParts): BuiltApp {
  const { config, storage, kb, clock } = parts;
  const core = new ConversationCore(kb, config, clock);
  const service = new ConversationService(storage, core, clock, config.defaultLocale, chatDialogs(storage, kb, clock), storage);
  const health = new Map<string, () => Record<string, unknown>>();
  const senders: ChannelSenders = { web: webSender };
  const escalations = new EscalationService(service, senders, storage);
  let messenger: MessengerChannel | undefined;
  if (messengerEnabled(config)) {
    messenger = new MessengerChannel({ config, storage, clock, service, escalations, ...(parts.graphSleep ? { graphSleep: parts.graphSleep } : {}) });
    senders.messenger = messenger.channelSender();
    health.set('messengerChannel', () => messenger!.health());
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use(requestId);

  app.get('/healthz', async (_req, res) => {
    const snapshot = kb.current();
    const extra = Object.fromEntries([...health.entries()].map(([k, f]) => [k, f()]));
    const inbox = await inboxHealth(storage, config);
    const degraded = inbox.status === 'degraded' || Object.values(extra).some((v) => (v as { status?: string }).status === 'degraded');
    res.json({
      status: degraded ? 'degraded' : 'ok',
      store: storage.kind,
      knowledgeBase: {
        entries: snapshot.kb.entries.length,
        published: snapshot.matcher.entries.length,
        version: snapshot.kb.version,
        loadedAt: snapshot.kb.loadedAt,
        lastReloadProblems: kb.lastProblems.length,
      },
      pendingInbound: inbox.pending,
      inbox,
      messenger: messengerEnabled(config) ? 'on' : 'off',
      ...extra,
    });
  });

  if (messenger) app.use(messenger.webhook);
  app.use(consoleRouter({ escalations, storage, kb, config, ...(messenger ? { onInboxRevived: () => void messenger!.processor.kick() } : {}) }));
  app.use(newsPageRouter({ news: storage, clock, config })); // /tin-tuc, /news: the union's current news, public
  app.use(webChatRouter(service, config.defaultLocale, config.webChat));
  return { app, service, escalations, messenger, health };
}

/**
 * The Messenger inbox at a glance: degraded while any event is dead (an admin should look at it in the
 * console) or when the oldest unprocessed event is older than INBOX_STALE_SECONDS (the inbox is not
 * moving). Receipt times are real time, so the age is measured against the real clock.
 */
export async function inboxHealth(storage: InboxStore & DeadInboxStore, config: Config, now = Date.now()) {
  const [pending, dead, oldest] = await Promise.all([storage.countPendingInbound(), storage.countDeadInbound(), storage.oldestPendingInbound()]);
  const ageMs = oldest ? Math.max(0, now - Date.parse(oldest)) : 0;
  const stale = ageMs > config.inbox.staleAfterMs;
  const reasons = [
    ...(dead > 0 ? [`${dead} dead event(s): retry or drop them in the console`] : []),
    ...(stale ? [`oldest pending event waiting ${Math.round(ageMs / 1000)} s`] : []),
  ];
  return {
    status: reasons.length ? ('degraded' as const) : ('ok' as const),
    pending,
    dead,
    oldestPendingSeconds: Math.round(ageMs / 1000),
    staleAfterSeconds: Math.round(config.inbox.staleAfterMs / 1000),
    ...(reasons.length ? { reasons } : {}),
  };
}

/** Call after every router is mounted. */
export function finishApp(app: Express): void {
  app.use((_req, res) => sendError(res, API_ERRORS.NOT_FOUND));
  app.use(errorHandler);
}

/**
 * The chat's dialogs: every calculator, on the day's figures from the knowledge base in force (issue 18),
 * and the intake while a worker waits for staff, in each language (issue 17).
 */
function chatDialogs(state: StateStore, kb: KnowledgeBaseProvider, clock: Clock): DialogEngine {
  const context = () => ({ date: vietnamDay(clock.now()), figures: kb.current().kb.figures });
  return new DialogEngine({
    state,
    dialogs: [...CALCULATORS.map((c) => calculatorDialog(c, context, PAYLOAD.askStaff)), intakeDialog('vi'), intakeDialog('en')],
    cancelled: (locale) => translator(locale === 'en' ? 'en' : ('vi' as Locale))('dialog.cancelled'),
  });
}
