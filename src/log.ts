/** A tiny structured logger: one JSON line per event on stderr, secrets scrubbed. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info';
const secrets = new Set<string>();

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Register a value (an access token, an app secret) that must never appear in a log line. */
export function registerSecret(value: string): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function scrub(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out.replace(/access_token=[^&\s"]+/g, 'access_token=[redacted]');
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
    // An error keeps its stack and its cause: a line without them cannot be diagnosed.
    v instanceof Error ? { name: v.name, message: v.message, ...(v.stack ? { stack: v.stack } : {}), ...(v.cause !== undefined ? { cause: v.cause } : {}) } : v,
  );
  process.stderr.write(scrub(line) + '\n');
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
