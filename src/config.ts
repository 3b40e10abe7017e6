/**
 * Every environment variable the bot reads, with its default, in one place.
 * The README's configuration table is generated from CONFIG_VARIABLES (see test/config.test.ts).
 */
import path from 'node:path';
import { parseOfficeHours, type OfficeRule } from './escalation/office-hours.js';

export interface ConfigVariable {
  name: string;
  default: string;
  description: string;
}

export const CONFIG_VARIABLES: ConfigVariable[] = [
  { name: 'PORT', default: '3000', description: 'HTTP port of the server (web chat, webhook, console, health).' },
  { name: 'HOST', default: '0.0.0.0', description: 'Address the server listens on.' },
  { name: 'DATA_DIR', default: './data', description: 'Folder of the embedded SQLite database (bot.sqlite).' },
  { name: 'MONGODB_URI', default: '', description: 'When set, use MongoDB through mongoose instead of SQLite (for several instances).' },
  {
    name: 'KB_DIR',
    default: './knowledge-base',
    description:
      'Folder of the knowledge base (entries, figures, abbreviations) in files: imported into the store on first start and by npm run kb:import; the bot then answers from what editors publish in the store.',
  },
  {
    name: 'KB_WATCH',
    default: 'true',
    description: 'Follow publishes: check the store every second and reload the knowledge base when something was published (false: only at start).',
  },
  {
    name: 'KB_BUILD_AHEAD',
    default: 'true',
    description:
      'Train the matcher of the newest draft in review ahead, so that its publish is answered from within about a second instead of after the training (~4 s for the shipped knowledge base). Costs ~35 MB more memory while a draft waits for review; false on a memory-tight host.',
  },
  { name: 'BOT_CLOCK', default: '', description: 'Freeze the date the bot answers for (YYYY-MM-DD), for checking answers on another day. Empty = real clock.' },
  { name: 'DEFAULT_LOCALE', default: 'vi', description: 'Language of fixed phrases for new users (vi or en).' },
  { name: 'LOG_LEVEL', default: 'info', description: 'debug, info, warn or error.' },
  { name: 'ORG_NAME', default: 'Công đoàn', description: 'Name of the union that runs the bot, shown in greetings.' },
  { name: 'ORG_HOTLINE', default: '', description: 'Hotline given to workers (left out when empty; never invented).' },
  { name: 'ORG_ADDRESS', default: '', description: 'Office address given to workers (left out when empty).' },
  { name: 'ORG_OFFICE_HOURS', default: '', description: 'Office hours as text for workers, e.g. "7:30–17:00, thứ Hai đến thứ Sáu".' },
  {
    name: 'OFFICE_HOURS',
    default: '',
    description:
      'When staff answer, for "outside office hours" messages: ISO weekdays and Vietnam times, e.g. "1-5 07:30-11:30; 1-5 13:30-17:00". Empty = never claim.',
  },
  {
    name: 'HANDOFF_TIMEOUT_MINUTES',
    default: '120',
    description: 'If no officer picks up a handed-off conversation within this time (office hours or not), the worker is told and given the other channels.',
  },
  {
    name: 'WEB_CHAT_MESSAGES_PER_MINUTE',
    default: '20',
    description: 'Web chat messages one visitor (browser cookie) may send per minute; more get a 429 with a friendly message the page shows.',
  },
  {
    name: 'WEB_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS',
    default: '120',
    description:
      "Web chat messages from one IP address per minute, all visitors together (a factory's Wi-Fi is one address: keep it well above the per-visitor limit). Polls for replies may be 5 times this.",
  },
  {
    name: 'WEB_CHAT_NEW_CONVERSATIONS_PER_HOUR',
    default: '30',
    description: 'New web chat conversations one IP address may start per hour (a request without a known visitor cookie starts one).',
  },
  {
    name: 'WEB_CHAT_HANDOFFS_PER_HOUR',
    default: '10',
    description:
      'Web chat conversations from one IP address that may be handed to staff per hour (anonymous visitors cannot fill the staff queue); over it the visitor is asked to wait or use the other channels.',
  },
  { name: 'ORG_PAGE_URL', default: '', description: "The union's Facebook Page or website (left out when empty)." },
  { name: 'FB_PAGE_ACCESS_TOKEN', default: '', description: 'Messenger Page access token; with FB_APP_SECRET and FB_VERIFY_TOKEN turns the webhook on.' },
  { name: 'FB_APP_SECRET', default: '', description: 'Facebook app secret, for webhook signatures (X-Hub-Signature-256).' },
  { name: 'FB_VERIFY_TOKEN', default: '', description: 'Token for the webhook verification handshake.' },
  {
    name: 'PUBLIC_BASE_URL',
    default: '',
    description:
      "The bot's public address as Meta reaches it, e.g. https://bot.congdoan.vn. The data-deletion status URL given to Meta is built from it, never from the request's Host header (empty: a path only, and a warning).",
  },
  { name: 'FB_GRAPH_API_URL', default: 'https://graph.facebook.com', description: 'Graph API base URL (tests point it at a fake server).' },
  { name: 'FB_GRAPH_API_VERSION', default: 'v25.0', description: 'Graph API version used for every call.' },
  {
    name: 'GRAPH_SEND_TIMEOUT_SECONDS',
    default: '10',
    description:
      'Longest one Send API call may take; a message whose call timed out (outcome unknown) is sent again at most once, and a slow recipient delays no one else.',
  },
  {
    name: 'INBOX_ITEM_TIMEOUT_SECONDS',
    default: '30',
    description: 'Longest the bot may take over one Messenger event; a slower (or hanging) event counts as failed and the others go on.',
  },
  {
    name: 'INBOX_MAX_ATTEMPTS',
    default: '4',
    description: 'Tries of a failing Messenger event before it is parked as dead (kept; admins retry or drop it in the console; the worker gets an apology).',
  },
  {
    name: 'INBOX_RETRY_SECONDS',
    default: '5',
    description: "Wait before retrying a failed event, doubled for each further try (5, 10, 20 s…). Only that worker's conversation waits.",
  },
  {
    name: 'INBOX_STALE_SECONDS',
    default: '300',
    description: '/healthz says degraded when the oldest unprocessed Messenger event is older than this (it also does while any event is dead).',
  },
  {
    name: 'INBOX_RETENTION_DAYS',
    default: '7',
    description:
      "Days a finished Messenger event's id is kept, so that Meta's redelivery of it is recognised and not answered twice; older finished events are deleted at start and every hour, with expired console sessions. Pending and dead events are never deleted. Keep it well above the time Meta may go on retrying a delivery.",
  },
  {
    name: 'SHUTDOWN_TIMEOUT_SECONDS',
    default: '10',
    description: 'On SIGTERM/SIGINT, how long to wait for events in hand before exiting anyway (unfinished ones are taken up after restart).',
  },
];

export interface OrganisationConfig {
  name: string;
  hotline: string;
  address: string;
  officeHours: string;
  pageUrl: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string;
  kbDir: string;
  kbWatch: boolean;
  kbBuildAhead: boolean;
  clock: string;
  defaultLocale: 'vi' | 'en';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  organisation: OrganisationConfig;
  officeHours: OfficeRule[];
  handoffTimeoutMinutes: number;
  inbox: {
    itemTimeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    staleAfterMs: number;
    /** done events are purged this long after their receipt */
    retentionMs: number;
  };
  shutdownTimeoutMs: number;
  webChat: WebChatLimits;
  facebook: {
    pageAccessToken: string;
    appSecret: string;
    verifyToken: string;
    graphApiUrl: string;
    graphApiVersion: string;
    sendTimeoutMs: number;
  };
  /** https://host[:port][/prefix], no trailing slash; '' when not configured */
  publicBaseUrl: string;
}

export interface WebChatLimits {
  messagesPerMinute: number;
  messagesPerMinutePerAddress: number;
  newConversationsPerHour: number;
  handoffsPerHour: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function defaultsOf(): Record<string, string> {
  return Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, v.default]));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const defaults = defaultsOf();
  const get = (name: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? (defaults[name] ?? '') : value.trim();
  };
  const port = Number(get('PORT'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${get('PORT')}"`);
  const locale = get('DEFAULT_LOCALE');
  if (locale !== 'vi' && locale !== 'en') throw new ConfigError(`DEFAULT_LOCALE must be vi or en, got "${locale}"`);
  const logLevel = get('LOG_LEVEL');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`);
  const clock = get('BOT_CLOCK');
  if (clock && !/^\d{4}-\d{2}-\d{2}$/.test(clock)) throw new ConfigError(`BOT_CLOCK must be YYYY-MM-DD, got "${clock}"`);
  const timeout = Number(get('HANDOFF_TIMEOUT_MINUTES'));
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new ConfigError(`HANDOFF_TIMEOUT_MINUTES must be a positive number, got "${get('HANDOFF_TIMEOUT_MINUTES')}"`);
  const seconds = (name: string, min: number): number => {
    const value = Number(get(name));
    if (!Number.isFinite(value) || value < min) throw new ConfigError(`${name} must be a number of seconds ≥ ${min}, got "${get(name)}"`);
    return Math.round(value * 1000);
  };
  const days = (name: string): number => {
    const value = Number(get(name));
    if (!Number.isFinite(value) || value < 1) throw new ConfigError(`${name} must be a number of days ≥ 1, got "${get(name)}"`);
    return Math.round(value * 24 * 3600_000);
  };
  const maxAttempts = Number(get('INBOX_MAX_ATTEMPTS'));
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new ConfigError(`INBOX_MAX_ATTEMPTS must be a whole number ≥ 1, got "${get('INBOX_MAX_ATTEMPTS')}"`);
  const count = (name: string): number => {
    const value = Number(get(name));
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number ≥ 1, got "${get(name)}"`);
    return value;
  };
  let officeHours: OfficeRule[];
  try {
    officeHours = parseOfficeHours(get('OFFICE_HOURS'));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const publicBaseUrl = get('PUBLIC_BASE_URL').replace(/\/+$/, '');
  if (publicBaseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(publicBaseUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
      throw new ConfigError(`PUBLIC_BASE_URL must be an http(s) address without query or credentials, e.g. https://bot.congdoan.vn, got "${publicBaseUrl}"`);
    }
  }
  return {
    port,
    host: get('HOST'),
    dataDir: path.resolve(cwd, get('DATA_DIR')),
    mongodbUri: get('MONGODB_URI'),
    kbDir: path.resolve(cwd, get('KB_DIR')),
    kbWatch: get('KB_WATCH') !== 'false',
    kbBuildAhead: get('KB_BUILD_AHEAD') !== 'false',
    clock,
    defaultLocale: locale,
    logLevel: logLevel as Config['logLevel'],
    organisation: {
      name: get('ORG_NAME'),
      hotline: get('ORG_HOTLINE'),
      address: get('ORG_ADDRESS'),
      officeHours: get('ORG_OFFICE_HOURS'),
      pageUrl: get('ORG_PAGE_URL'),
    },
    officeHours,
    handoffTimeoutMinutes: timeout,
    inbox: {
      itemTimeoutMs: seconds('INBOX_ITEM_TIMEOUT_SECONDS', 0.01),
      maxAttempts,
      retryBaseMs: seconds('INBOX_RETRY_SECONDS', 0),
      staleAfterMs: seconds('INBOX_STALE_SECONDS', 1),
      retentionMs: days('INBOX_RETENTION_DAYS'),
    },
    shutdownTimeoutMs: seconds('SHUTDOWN_TIMEOUT_SECONDS', 0),
    webChat: {
      messagesPerMinute: count('WEB_CHAT_MESSAGES_PER_MINUTE'),
      messagesPerMinutePerAddress: count('WEB_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS'),
      newConversationsPerHour: count('WEB_CHAT_NEW_CONVERSATIONS_PER_HOUR'),
      handoffsPerHour: count('WEB_CHAT_HANDOFFS_PER_HOUR'),
    },
    facebook: {
      pageAccessToken: get('FB_PAGE_ACCESS_TOKEN'),
      appSecret: get('FB_APP_SECRET'),
      verifyToken: get('FB_VERIFY_TOKEN'),
      graphApiUrl: get('FB_GRAPH_API_URL').replace(/\/+$/, ''),
      graphApiVersion: get('FB_GRAPH_API_VERSION'),
      sendTimeoutMs: seconds('GRAPH_SEND_TIMEOUT_SECONDS', 0.01),
    },
    publicBaseUrl,
  };
}

/** The Messenger channel runs only when all three secrets are configured. */
export function messengerEnabled(config: Config): boolean {
  const fb = config.facebook;
  return Boolean(fb.pageAccessToken && fb.appSecret && fb.verifyToken);
}
