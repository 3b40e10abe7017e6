/** Run a command to completion and collect what it printed (the project's CLIs are run this way). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export function run(command: string, args: string[], env: Record<string, string | undefined>, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** One of src/cli/*.ts, as `npm run` would run it. */
export function runCli(script: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<Run> {
  return run(TSX, [path.join(ROOT, 'src', 'cli', script), ...args], env, input);
}
