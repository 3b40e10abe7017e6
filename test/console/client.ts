/**
 * Console test helpers shared by the case-work tests: a signed-in console user over real HTTP (session
 * cookie and CSRF token kept), staff accounts, a web chat worker waiting for staff.
 */
import { expect } from 'chai';
import { newStaffId } from '../../src/console/auth.js';
import { hashPassword } from '../../src/console/passwords.js';
import type { StaffAccount } from '../../src/storage/types.js';
import { ChatClient, type RunningServer } from '../helpers/setup.js';

export const PASSWORD = 'mat-khau-du-dai-2026';

export async function addStaff(server: RunningServer, username: string, role: StaffAccount['role'], displayName = username): Promise<StaffAccount> {
  const account: StaffAccount = {
    id: newStaffId(),
    username,
    displayName,
    role,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: server.clock.now().toISOString(),
  };
  await server.storage.createStaff(account);
  return account;
}

export interface Reply {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

export class ConsoleClient {
  cookie = '';
  csrf = '';
  account: any;
  constructor(readonly baseUrl: string) {}

  static async signedIn(baseUrl: string, username: string): Promise<ConsoleClient> {
    const c = new ConsoleClient(baseUrl);
    const res = await c.login(username);
    expect(res.status, `sign-in of ${username}`).to.equal(200);
    return c;
  }

  async login(username: string, password = PASSWORD): Promise<Reply> {
    const res = await this.request('POST', '/console/api/login', { username, password }, { csrf: null });
    if (res.status === 200) {
      this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      this.csrf = res.json.csrfToken;
      this.account = res.json.account;
    }
    return res;
  }

  get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}, options: { csrf?: string | null } = {}): Promise<Reply> {
    return this.request('POST', path, body, options);
  }

  async request(method: string, path: string, body?: unknown, options: { csrf?: string | null } = {}): Promise<Reply> {
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.cookie) headers.Cookie = this.cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
}

/** A web chat worker who asked for a person (or sent `texts` ending in a hand-off); returns the client and the conversation id. */
export async function waitingWebWorker(server: RunningServer, ...texts: string[]): Promise<{ chat: ChatClient; id: string }> {
  const chat = new ChatClient(server.url);
  let owner: unknown;
  for (const text of texts.length ? texts : ['cho em gặp cán bộ']) owner = (await chat.send({ text })).json.owner;
  expect(owner).to.equal('waiting_staff');
  return { chat, id: `web:${chat.cookie.split('=')[1]!}` };
}

export const conv = (id: string, action?: string) => `/console/api/conversations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
