/**
 * The command lines of src/cli/: node's util.parseArgs, strict (an unknown option or a stray argument is
 * an error). A mistake is reported as one line naming it — `eval: unknown option --splt` — then the
 * usage, with exit code 2, instead of parseArgs's own error with its stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type CommandLineConfig = Pick<ParseArgsConfig, 'options' | 'allowPositionals'>;

/** What is wrong with these arguments, in one line, or undefined when parseArgs (strict) accepts them. */
export function argsProblem(config: CommandLineConfig, args: string[]): string | undefined {
  const options = config.options ?? {};
  // Read leniently, token by token, to name the first mistake in words a user recognises.
  const { tokens } = parseArgs({ ...config, args, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!config.allowPositionals) return `unexpected argument "${token.value}"`;
    } else if (token.kind === 'option') {
      const isShort = !token.rawName.startsWith('--');
      const name = isShort ? Object.keys(options).find((n) => options[n]?.short === token.rawName.slice(1)) : token.name;
      const spec = name === undefined ? undefined : options[name];
      if (!spec) return `unknown option ${token.rawName}`;
      // A string option's value is the next argument even when it looks like an option ("--out --json").
      if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) return `${token.rawName} needs a value`;
      if (spec.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value`;
    }
  }
  return undefined;
}

/** parseArgs (strict) on process.argv; on a mistake: `command: problem`, the usage, exit code 2. */
export function parseCommandLine<T extends CommandLineConfig>(command: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const args = process.argv.slice(2);
  try {
    return parseArgs<T>({ ...config, args });
  } catch (err) {
    const message = argsProblem(config, args) ?? (err as Error).message.split('\n')[0];
    process.stderr.write(`${command}: ${message}\n${usage}\n`);
    process.exit(2);
  }
}
