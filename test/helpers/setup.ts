/** Build the pieces of the bot for a test: config, clock, knowledge base, storage, app on loopback. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { frozenClock, type Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ConversationCore } from '../../src/conversation/respond.js';
import { importFolder } from '../../src/knowledge-base/import-folder.js';
import { KnowledgeBaseProvider, storeSource } from '../../src/knowledge-base/provider.js';
import { buildApp, finishApp, type BuiltApp } from '../../src/server/app.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import type { Storage } from '../../src/storage/types.js';
import { setLogLevel } from '../../src/log.js';
import { FIXTURE_KB } from './paths.js';

// Tests are quiet unless LOG_LEVEL asks otherwise.
setLogLevel((process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'error');

export function tempDir(prefix = 'tlcd-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(env: Record<string, string> = {}): Config {
  // Tests send many web chat messages from 127.0.0.1: the rate limits are lifted unless a test sets them.
  const unlimited = {
    WEB_CHAT_MESSAGES_PER_MINUTE: '1000000',
    WEB_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: '1000000',
    WEB_CHAT_NEW_CONVERSATIONS_PER_HOUR: '1000000',
    WEB_CHAT_HANDOFFS_PER_HOUR: '1000000',
  };
  return loadConfig({ DATA_DIR: tempDir(), KB_DIR: FIXTURE_KB, ...unlimited, ...env } as NodeJS.ProcessEnv);
}

export function testCore(kbDir = FIXTURE_KB, day = '2026-11-26', env: Record<string, string> = {}): ConversationCore {
  const clock = frozenClock(day);
  const config = testConfig({ KB_DIR: kbDir, ...env });
  return new ConversationCore(KnowledgeBaseProvider.load(kbDir, clock), config, clock);
}

export interface RunningServer extends BuiltApp {
  url: string;
  storage: Storage;
  kb: KnowledgeBaseProvider;
  config: Config;
  clock: Clock;
  close(): Promise<void>;
}

/** A clock a test can move forward. */
export class MutableClock implements Clock {
  private at: number;
  constructor(iso = '2026-11-26T09:00:00+07:00') {
    this.at = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export async function startServer(
  options: {
    kbDir?: string;
    dataDir?: string;
    day?: string;
    env?: Record<string, string>;
    storage?: Storage;
    clock?: Clock;
    startMessenger?: boolean;
    /** as `npm start` does: import kbDir into the store when it has no knowledge base, answer from the store, follow publishes */
    kbFromStore?: boolean;
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDir();
  const config = testConfig({ DATA_DIR: dataDir, KB_DIR: options.kbDir ?? FIXTURE_KB, ...options.env });
  const clock = options.clock ?? frozenClock(options.day ?? '2026-11-26');
  const storage = options.storage ?? SqliteStorage.inDataDir(dataDir);
  let kb: KnowledgeBaseProvider;
  if (options.kbFromStore) {
    if ((await storage.kbPublishMark()) === '') {
      const imported = await importFolder(storage, config.kbDir, clock, 'test');
      if (!imported.ok) throw new Error(`test knowledge base has problems: ${imported.problems.map((p) => p.message).join('; ')}`);
    }
    kb = await KnowledgeBaseProvider.start(storeSource(storage), clock);
    kb.follow(); // every second, as in production
  } else kb = KnowledgeBaseProvider.load(config.kbDir, clock);
  const built = buildApp({ config, storage, kb, clock, graphSleep: async () => undefined });
  finishApp(built.app);
  if (options.startMessenger !== false) built.messenger?.start();
  const server = http.createServer(built.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    storage,
    kb,
    config,
    clock,
    close: async () => {
      await built.messenger?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      kb.close();
      if (!options.storage) await storage.close();
    },
  };
}

/** A tiny cookie-keeping HTTP client for the web chat. */
export class ChatClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async send(body: { text?: string; payload?: string; lang?: string }): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/api/chat/message`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}) },
      body: JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
}
