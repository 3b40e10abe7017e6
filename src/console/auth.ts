/**
 * Console sign-in: sessions in HttpOnly, SameSite=Strict cookies (Secure behind TLS), a CSRF token per
 * session checked on every state-changing request, sign-in rate limiting, role checks on every route.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { API_ERRORS, ApiError } from '../server/errors.js';
import { RateLimiter } from '../server/rate-limit.js';
import { roleAtLeast, type AuditStore, type Session, type StaffAccount, type StaffStore } from '../storage/types.js';
import { verifyPassword } from './passwords.js';

export const SESSION_COOKIE = 'tlcd_console';
export const SESSION_TTL_MS = 12 * 3600_000;
export type Role = StaffAccount['role'];

/** At least this role (staff < editor < reviewer < admin, storage/types.ts). */
export function hasRole(account: StaffAccount, needed: Role): boolean {
  return roleAtLeast(account.role, needed);
}

export interface Authed {
  account: StaffAccount;
  session: Session;
}

declare module 'express-serve-static-core' {
  interface Request {
    staff?: Authed;
  }
}

/**
 * The session id from the cookie (parsed by cookie-parser, mounted before load()), when it is well formed:
 * 32 random bytes in base64url. Anything else — a made-up value, a bad %-escape that cookie-parser hands
 * over undecoded, a JSON cookie — is treated as no cookie: a 401 / the sign-in page, never a 500.
 */
function sessionIdOf(req: Request): string | undefined {
  const value: unknown = req.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** The session cookie's attributes, for setting and for clearing it. */
function sessionCookie(req: Request, maxAgeMs: number): CookieOptions {
  return { path: '/console', httpOnly: true, sameSite: 'strict', maxAge: maxAgeMs, secure: req.secure };
}

export class ConsoleAuth {
  /**
   * Sign-in attempts per address and per username: 5 in 15 minutes. Every attempt is counted when it
   * starts, before the (slow) password check and under both keys at once (synchronously), so a burst of
   * parallel attempts cannot get more than 5 checks through; a success clears the keys.
   */
  readonly limiter = new RateLimiter(5, 15 * 60_000);
  constructor(
    private readonly storage: StaffStore & AuditStore,
    private readonly clock: { now(): Date },
  ) {}

  async signIn(req: Request, res: Response, username: string, password: string): Promise<Authed> {
    const keys = [`ip:${req.ip}`, `user:${username.toLowerCase()}`];
    // Counted before any await: parallel attempts cannot all pass the check before one is recorded.
    if (!this.limiter.hitAll(keys).ok) throw new ApiError(API_ERRORS.TOO_MANY_REQUESTS);
    const account = await this.storage.getStaffByUsername(username.toLowerCase());
    // Hash even for unknown users, so the response time does not tell which usernames exist.
    const ok = account && !account.disabled ? await verifyPassword(password, account.passwordHash) : (await verifyPassword(password, DUMMY_HASH), false);
    if (!ok || !account) {
      throw new ApiError(API_ERRORS.NOT_SIGNED_IN, 'Wrong username or password.');
    }
    keys.forEach((k) => this.limiter.reset(k));
    const now = this.clock.now();
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      staffId: account.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      epoch: account.sessionEpoch ?? 0,
    };
    await this.storage.createSession(session);
    res.cookie(SESSION_COOKIE, session.id, sessionCookie(req, SESSION_TTL_MS));
    await this.storage.audit({ at: now.toISOString(), staffId: account.id, action: 'sign_in' });
    return { account, session };
  }

  async signOut(req: Request, res: Response): Promise<void> {
    const id = sessionIdOf(req);
    if (id) await this.storage.deleteSession(id);
    res.cookie(SESSION_COOKIE, '', sessionCookie(req, 0));
  }

  /** Loads the session into req.staff when there is a valid one; never rejects the request itself. Needs cookie-parser before it. */
  load(): RequestHandler {
    return async (req, _res, next) => {
      const id = sessionIdOf(req);
      if (id) {
        const session = await this.storage.getSession(id);
        if (session && session.expiresAt > this.clock.now().toISOString()) {
          const account = await this.storage.getStaff(session.staffId);
          if (account && signsIn(session, account)) req.staff = { account, session };
        }
      }
      next();
    };
  }

  /** Whether a session still signs its account in (long-lived responses, the console's event stream, re-check). */
  async stillValid(session: Session): Promise<boolean> {
    const current = await this.storage.getSession(session.id);
    if (!current || current.expiresAt <= this.clock.now().toISOString()) return false;
    const account = await this.storage.getStaff(current.staffId);
    return Boolean(account && signsIn(current, account));
  }

  /** Signed in, with at least this role; state-changing methods also need the session's CSRF token. */
  require(role: Role): RequestHandler {
    return (req: Request, _res: Response, next: NextFunction) => {
      if (!req.staff) throw new ApiError(API_ERRORS.NOT_SIGNED_IN);
      if (!hasRole(req.staff.account, role)) throw new ApiError(API_ERRORS.FORBIDDEN);
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.get('x-csrf-token') !== req.staff.session.csrfToken) throw new ApiError(API_ERRORS.BAD_CSRF);
      next();
    };
  }
}

/** A disabled account, or a session from before it was disabled or its password reset (an older epoch), signs nobody in. */
function signsIn(session: Session, account: StaffAccount): boolean {
  return !account.disabled && (session.epoch ?? 0) === (account.sessionEpoch ?? 0);
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

export function newStaffId(): string {
  return randomUUID();
}
