/**
 * `npm run console:add-user -- --username lan --role admin [--name "Chị Lan"]` — create a console account.
 * The password is read from the CONSOLE_PASSWORD environment variable or, interactively, from the terminal
 * (never from the command line, where it would stay in the shell history).
 */
import readline from 'node:readline';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { newStaffId } from '../console/auth.js';
import { hashPassword, passwordProblem } from '../console/passwords.js';
import { openStorage } from '../storage/open.js';
import type { StaffAccount } from '../storage/types.js';
import { parseCommandLine } from './args.js';

const USAGE =
  'usage: npm run console:add-user -- --username NAME --role staff|editor|reviewer|admin [--name "Display name"]\n       (password from CONSOLE_PASSWORD, or typed when asked)';
const { values: flags } = parseCommandLine('console:add-user', USAGE, {
  options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
});
const username = (flags.username ?? '').trim().toLowerCase();
const role = flags.role ?? 'staff';
const displayName = flags.name ?? username;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) fail('set CONSOLE_PASSWORD or run in a terminal');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  const question = 'Password: ';
  process.stderr.write(question);
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

if (!/^[a-z0-9._-]{3,40}$/.test(username)) fail('--username: 3–40 characters of a-z 0-9 . _ -');
if (!['staff', 'editor', 'reviewer', 'admin'].includes(role)) fail('--role must be staff, editor, reviewer or admin');
const password = process.env.CONSOLE_PASSWORD ?? (await askPassword());
const problem = passwordProblem(password);
if (problem) fail(problem);

const storage = await openStorage(loadConfig());
try {
  if (await storage.getStaffByUsername(username)) fail(`an account "${username}" already exists`);
  const at = systemClock.now().toISOString();
  const id = newStaffId();
  await storage.createStaff({
    id,
    username,
    displayName,
    role: role as StaffAccount['role'],
    passwordHash: await hashPassword(password),
    createdAt: at,
  });
  await storage.audit({ at, staffId: 'cli', action: 'create_staff', target: id, detail: `${username} (${role})` });
  process.stdout.write(`created ${role} "${username}" in the ${storage.kind} store; sign in at /console\n`);
} finally {
  await storage.close();
}
