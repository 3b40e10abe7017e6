/**
 * Administration (issue 16 item 6), all for the role `admin`: staff accounts (create, change role or
 * name, disable, a one-time password-reset code), the audit log with filters, and how long data is
 * kept. Plus the one route without a session: /console/api/password-reset, where someone with a code
 * from an admin sets a new password (the page /console/reset).
 *
 * The console must always keep an admin: an admin cannot disable themselves or give up their own admin
 * role, and no change leaves no active admin. Disabling an account, or resetting its password, raises its
 * session epoch: every session signed in before is refused from then on (auth.ts), also after the
 * account is enabled again.
 */
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { API_ERRORS, ApiError, type ApiErrorSpec } from '../server/errors.js';
import { jsonBody, parseBody } from '../server/json-body.js';
import { RateLimiter } from '../server/rate-limit.js';
import { currentRetention, DAY_MS, RETENTION_BOUNDS, RETENTION_KEY, storedRetention, validConversationDays } from '../storage/retention.js';
import type { AuditEvent, AuditStore, StaffAccount, StaffStore, StateStore } from '../storage/types.js';
import { newStaffId, type ConsoleAuth, type Role } from './auth.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** This module's errors, in the registry's shape (server/errors.ts). */
export const ADMIN_ERRORS = {
  OWN_ACCOUNT: { code: 'OWN_ACCOUNT', status: 409, message: 'You cannot disable your own account or give up your own admin role.' },
  LAST_ADMIN: { code: 'LAST_ADMIN', status: 409, message: 'The console must keep at least one active admin.' },
  ACCOUNT_DISABLED: { code: 'ACCOUNT_DISABLED', status: 409, message: 'The account is disabled: enable it first.' },
  BAD_RESET_CODE: {
    code: 'BAD_RESET_CODE',
    status: 400,
    message: 'Wrong username or reset code, or the code has expired or was used already. Ask an admin for a new code.',
  },
} as const satisfies Record<string, ApiErrorSpec>;

/** A reset code: 10 characters without look-alikes (no 0/O, 1/I/L), about 49 bits, shown as XXXXX-XXXXX. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
export const RESET_CODE_TTL_MS = 24 * 3600_000;

export function newResetCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
/** As typed: any case, with or without the dash or spaces. */
const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]+/g, '');

/** The audit entries the filters look through: the newest this many (read once per request). */
export const AUDIT_SCOPE = 20_000;
/** Actions the page offers in its filter even before they happen (others are added as they are seen). */
export const KNOWN_ACTIONS = [
  'sign_in',
  'take',
  'assign',
  'reply',
  'note',
  'log_call',
  'label',
  'resolve',
  'reopen',
  'export',
  'public_name',
  'canned_create',
  'canned_update',
  'canned_delete',
  'inbox_retry',
  'inbox_drop',
  'create_staff',
  'staff_role',
  'staff_display_name',
  'staff_disabled',
  'staff_enabled',
  'reset_code',
  'password_reset',
  'retention_update',
  // the knowledge base (knowledge-base/editing.ts), the learning loop, news
  'kb_draft_create',
  'kb_draft_save',
  'kb_submit',
  'kb_return',
  'kb_publish',
  'kb_discard',
  'kb_import',
  'mark_wrong',
  'unanswered_handled',
  'news_create',
  'news_update',
  'news_publish',
  'news_withdraw',
  'news_delete',
] as const;

// Request bodies and queries (zod; parseBody answers 400 naming the first wrong field).
const text = (what: string) => z.string({ required_error: `give ${what}`, invalid_type_error: `${what} must be a string` });
const roleField = z.enum(['staff', 'editor', 'reviewer', 'admin'], { errorMap: () => ({ message: 'staff, editor, reviewer or admin' }) });
const passwordField = text('a password').superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});
const newStaffBody = z.object({
  username: text('a username')
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, '3–40 of a-z 0-9 . _ -'),
  role: roleField,
  password: passwordField,
  displayName: text('the display name').optional(),
});
const accountChangeBody = z
  .object({
    role: roleField.optional(),
    displayName: text('the display name').trim().min(1, 'give the display name').max(80, 'at most 80 characters').optional(),
    disabled: z.boolean({ invalid_type_error: 'disabled must be true or false' }).optional(),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.displayName !== undefined || b.disabled !== undefined, {
    message: 'give role, displayName or disabled',
    path: ['role'],
  });
const passwordResetBody = z.object({
  username: text('the username').trim().toLowerCase().min(1, 'give the username').max(40, 'at most 40 characters'),
  code: text('the code').min(1, 'give the code').max(40, 'at most 40 characters'),
  password: passwordField,
});
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayParam = (what: string) => text(what).regex(DAY, 'a day as YYYY-MM-DD').optional();
const auditQuery = z.object({
  staff: text('staff').max(100, 'at most 100 characters').optional(),
  action: text('action').max(60, 'at most 60 characters').optional(),
  from: dayParam('from'),
  to: dayParam('to'),
  q: text('q').max(200, 'at most 200 characters').optional(),
  limit: text('limit')
    .regex(/^\d{1,3}$/, 'a whole number from 1 to 200')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, 'a whole number from 1 to 200')
    .optional(),
  offset: text('offset')
    .regex(/^\d{1,6}$/, `a whole number from 0 to ${AUDIT_SCOPE}`)
    .transform(Number)
    .optional(),
});
const { inboxRetentionDays: INBOX, conversationRetentionDays: CONVERSATIONS } = RETENTION_BOUNDS;
const retentionBody = z
  .object({
    inboxRetentionDays: z
      .number({ invalid_type_error: 'a number of days' })
      .int('a whole number of days')
      .min(INBOX.min, `from ${INBOX.min} to ${INBOX.max} days`)
      .max(INBOX.max, `from ${INBOX.min} to ${INBOX.max} days`)
      .optional(),
    conversationRetentionDays: z
      .number({ invalid_type_error: 'a number of days' })
      .int('a whole number of days')
      .refine((d) => d === 0 || validConversationDays(d), `0 (keep for ever) or ${CONVERSATIONS.min} to ${CONVERSATIONS.max} days`)
      .optional(),
  })
  .strict()
  .refine((b) => b.inboxRetentionDays !== undefined || b.conversationRetentionDays !== undefined, {
    message: 'give inboxRetentionDays or conversationRetentionDays',
    path: ['inboxRetentionDays'],
  });

/** For matching free text: lower case, Vietnamese marks removed (đ too), so "dat lai" finds "đặt lại". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export interface AdminOptions {
  /** the console's sign-in (the same instance as the rest of the console: sessions, role checks) */
  auth: ConsoleAuth;
  storage: StaffStore & AuditStore & StateStore;
  clock: Clock;
  config: Config;
}

export function adminRouter(options: AdminOptions): Router {
  const { auth, storage, clock, config } = options;
  const router = express.Router();
  const json = jsonBody('32kb');
  const need = (role: Role) => auth.require(role);
  const nowIso = () => clock.now().toISOString();
  const actor = (req: Request) => req.staff!.account;
  /** Reset attempts per address and per username, like sign-in: 5 in 15 minutes, counted before any check. */
  const resetLimiter = new RateLimiter(5, 15 * 60_000);
  /** Usernames whose reset is being checked right now: a code works once even for two requests at the same moment (one instance). */
  const resetting = new Set<string>();
  const dummyHash = hashPassword('not a reset code');

  const isActiveAdmin = (a: StaffAccount) => a.role === 'admin' && !a.disabled;
  /** The newest sign-in of each account, from the audit log (what the scope holds). */
  const lastSignIns = (events: AuditEvent[]) => {
    const last = new Map<string, string>();
    for (const e of events) if (e.action === 'sign_in' && !last.has(e.staffId)) last.set(e.staffId, e.at);
    return last;
  };
  const view = (a: StaffAccount, lastSignInAt?: string) => ({
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    ...(a.publicName ? { publicName: a.publicName } : {}),
    disabled: Boolean(a.disabled),
    createdAt: a.createdAt,
    lastSignInAt: lastSignInAt ?? null,
    // when a reset code is waiting to be used (never the code or its hash)
    resetCodeExpiresAt: a.resetCodeExpiresAt && a.resetCodeExpiresAt > nowIso() ? a.resetCodeExpiresAt : null,
  });
  const accountOf = async (req: Request): Promise<StaffAccount> => {
    const account = await storage.getStaff(String(req.params.id));
    if (!account) throw new ApiError(API_ERRORS.NOT_FOUND, 'No such account.');
    return account;
  };

  // The page where someone with a reset code sets a new password (no session needed).
  router.get('/console/reset', (_req, res) => {
    res.type('html').send(fs.readFileSync(path.join(publicDir, 'reset.html'), 'utf8'));
  });

  router.get('/console/api/admin/accounts', need('admin'), async (_req, res) => {
    const signIns = lastSignIns(await storage.listAudit(AUDIT_SCOPE));
    const accounts = (await storage.listStaff()).sort((a, b) => a.username.localeCompare(b.username));
    res.json({ accounts: accounts.map((a) => view(a, signIns.get(a.id))), me: actor(_req).id });
  });

  // Creating an account; /console/api/staff is the older name of the same call.
  const createAccount: express.RequestHandler = async (req, res) => {
    const { username, role, password, displayName } = parseBody(newStaffBody, req.body);
    if (await storage.getStaffByUsername(username)) throw new ApiError(API_ERRORS.CONFLICT, 'That username exists.');
    const account: StaffAccount = {
      id: newStaffId(),
      username,
      displayName: displayName?.trim() ? displayName.trim().slice(0, 80) : username,
      role,
      passwordHash: await hashPassword(password),
      createdAt: nowIso(),
    };
    await storage.createStaff(account);
    await storage.audit({ at: nowIso(), staffId: actor(req).id, action: 'create_staff', target: account.id, detail: `${username} (${role})` });
    res.status(201).json({ account: view(account) });
  };
  router.post('/console/api/admin/accounts', need('admin'), json, createAccount);
  router.post('/console/api/staff', need('admin'), json, createAccount);

  router.post('/console/api/admin/accounts/:id', need('admin'), json, async (req, res) => {
    const change = parseBody(accountChangeBody, req.body);
    const before = await accountOf(req);
    const me = actor(req);
    if (before.id === me.id && (change.disabled === true || (change.role !== undefined && change.role !== 'admin')))
      throw new ApiError(ADMIN_ERRORS.OWN_ACCOUNT);
    const next: StaffAccount = { ...before };
    if (change.role !== undefined) next.role = change.role;
    if (change.displayName !== undefined) next.displayName = change.displayName;
    if (change.disabled === true && !before.disabled) {
      next.disabled = true;
      // Every session it has ends now, and stays ended if the account is enabled again; a waiting code is void.
      next.sessionEpoch = (before.sessionEpoch ?? 0) + 1;
      delete next.resetCodeHash;
      delete next.resetCodeExpiresAt;
    }
    if (change.disabled === false) delete next.disabled;
    if (isActiveAdmin(before) && !isActiveAdmin(next)) {
      const others = (await storage.listStaff()).filter((a) => a.id !== before.id && isActiveAdmin(a));
      if (others.length === 0) throw new ApiError(ADMIN_ERRORS.LAST_ADMIN);
    }
    await storage.updateStaff(next);
    const at = nowIso();
    const audit = (action: string, detail: string) => storage.audit({ at, staffId: me.id, action, target: before.id, detail });
    if (next.role !== before.role) await audit('staff_role', `${before.username}: ${before.role} → ${next.role}`);
    if (next.displayName !== before.displayName) await audit('staff_display_name', `${before.username}: ${next.displayName}`);
    if (Boolean(next.disabled) !== Boolean(before.disabled)) await audit(next.disabled ? 'staff_disabled' : 'staff_enabled', before.username);
    res.json({ account: view(next) });
  });

  /** A one-time code for the account's owner to set a new password at /console/reset: shown once, here, and never stored. */
  router.post('/console/api/admin/accounts/:id/reset', need('admin'), json, async (req, res) => {
    const account = await accountOf(req);
    if (account.disabled) throw new ApiError(ADMIN_ERRORS.ACCOUNT_DISABLED);
    const code = newResetCode();
    const expiresAt = new Date(clock.now().getTime() + RESET_CODE_TTL_MS).toISOString();
    await storage.updateStaff({ ...account, resetCodeHash: await hashPassword(normaliseCode(code)), resetCodeExpiresAt: expiresAt });
    await storage.audit({ at: nowIso(), staffId: actor(req).id, action: 'reset_code', target: account.id, detail: account.username });
    res.set('Cache-Control', 'no-store').json({ code, expiresAt, username: account.username });
  });

  /**
   * The code's owner sets a new password. An unknown username, a wrong, expired or used code and a
   * disabled account get the same answer, after the same (slow) hash check.
   */
  router.post('/console/api/password-reset', json, async (req, res) => {
    const { username, code, password } = parseBody(passwordResetBody, req.body);
    const keys = [`ip:${req.ip}`, `user:${username}`];
    // Counted before any await, like sign-in: parallel guesses cannot all pass the check first.
    if (!resetLimiter.hitAll(keys).ok) throw new ApiError(API_ERRORS.TOO_MANY_REQUESTS);
    if (resetting.has(username)) throw new ApiError(ADMIN_ERRORS.BAD_RESET_CODE);
    resetting.add(username);
    try {
      const account = await storage.getStaffByUsername(username);
      const usable = account && !account.disabled && account.resetCodeHash && (account.resetCodeExpiresAt ?? '') > nowIso();
      const ok = usable ? await verifyPassword(normaliseCode(code), account.resetCodeHash!) : (await verifyPassword(code, await dummyHash), false);
      // Read again after the slow check: a code replaced or voided meanwhile no longer counts.
      const current = ok ? await storage.getStaff(account!.id) : undefined;
      if (!current || current.resetCodeHash !== account!.resetCodeHash || current.disabled) throw new ApiError(ADMIN_ERRORS.BAD_RESET_CODE);
      const next: StaffAccount = { ...current, passwordHash: await hashPassword(password), sessionEpoch: (current.sessionEpoch ?? 0) + 1 };
      delete next.resetCodeHash;
      delete next.resetCodeExpiresAt;
      await storage.updateStaff(next);
      await storage.audit({ at: nowIso(), staffId: current.id, action: 'password_reset', target: current.id, detail: current.username });
      keys.forEach((k) => resetLimiter.reset(k));
      res.json({ ok: true });
    } finally {
      resetting.delete(username);
    }
  });

  /**
   * The audit log, newest first, filtered: who (staff id), what (action), Vietnam days from/to
   * (inclusive), and free text over the target and the detail (also the target account's username).
   */
  router.get('/console/api/admin/audit', need('admin'), async (req, res) => {
    const query = parseBody(auditQuery, req.query);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const events = await storage.listAudit(AUDIT_SCOPE);
    const accounts = await storage.listStaff();
    const names = new Map(accounts.map((a) => [a.id, a.username]));
    const q = fold(query.q?.trim() ?? '');
    const matching = events.filter((e) => {
      if (query.staff && e.staffId !== query.staff) return false;
      if (query.action && e.action !== query.action) return false;
      if (query.from || query.to) {
        const day = vietnamDay(new Date(e.at));
        if ((query.from && day < query.from) || (query.to && day > query.to)) return false;
      }
      if (q) {
        const haystack = fold([e.target ?? '', e.detail ?? '', e.target ? (names.get(e.target) ?? '') : ''].join(' '));
        if (!haystack.includes(q)) return false;
      }
      return true;
    });
    const seen = new Set<string>(KNOWN_ACTIONS);
    for (const e of events) seen.add(e.action);
    res.json({
      events: matching.slice(offset, offset + limit).map((e) => ({
        at: e.at,
        staffId: e.staffId,
        staffName: names.get(e.staffId) ?? e.staffId,
        action: e.action,
        target: e.target ?? null,
        targetName: e.target ? (names.get(e.target) ?? null) : null,
        detail: e.detail ?? null,
      })),
      total: matching.length,
      offset,
      limit,
      scope: AUDIT_SCOPE,
      actions: [...seen].sort(),
      staff: accounts.map((a) => ({ id: a.id, username: a.username })).sort((a, b) => a.username.localeCompare(b.username)),
    });
  });

  const retentionView = async () => ({
    settings: await currentRetention(storage, config.inbox.retentionMs),
    stored: await storedRetention(storage),
    defaults: { inboxRetentionDays: config.inbox.retentionMs / DAY_MS, conversationRetentionDays: 0 },
    bounds: RETENTION_BOUNDS,
  });
  router.get('/console/api/admin/retention', need('admin'), async (_req, res) => {
    res.json(await retentionView());
  });
  router.post('/console/api/admin/retention', need('admin'), json, async (req, res) => {
    const change = parseBody(retentionBody, req.body);
    const before = await currentRetention(storage, config.inbox.retentionMs);
    const stored = await storedRetention(storage);
    const next = { ...stored, ...change };
    await storage.writeState({ [RETENTION_KEY]: { ...next, updatedAt: nowIso(), updatedBy: actor(req).id } });
    const changes = (Object.keys(change) as (keyof typeof change)[]).filter((k) => change[k] !== before[k]).map((k) => `${k}: ${before[k]} → ${change[k]}`);
    await storage.audit({ at: nowIso(), staffId: actor(req).id, action: 'retention_update', detail: changes.join('; ') || 'unchanged' });
    res.json(await retentionView());
  });

  return router;
}
