import { parseArgs } from 'node:util';
import { expect } from 'chai';
import { argsProblem } from '../../src/cli/args.js';

describe('command-line mistakes are named in one line (argsProblem)', () => {
  const config = {
    options: { json: { type: 'boolean' as const }, out: { type: 'string' as const, short: 'o' }, help: { type: 'boolean' as const, short: 'h' } },
  };
  const table: [args: string[], allowPositionals: boolean, problem: string | undefined][] = [
    [[], false, undefined],
    [['--json', '--out', 'dump.jsonl'], false, undefined],
    [['--out=dump.jsonl', '-h'], false, undefined],
    [['-o', 'dump.jsonl'], false, undefined],
    [['--json', 'question'], true, undefined],
    [['--', '--json'], true, undefined],
    [['--jsn'], false, 'unknown option --jsn'],
    [['-x'], false, 'unknown option -x'],
    [['-hx'], false, 'unknown option -x'],
    [['--out'], false, '--out needs a value'],
    [['-o'], false, '-o needs a value'],
    [['--out', '--json'], false, '--out needs a value'],
    [['--json=1'], false, '--json takes no value'],
    [['stray'], false, 'unexpected argument "stray"'],
    [['--', '--json'], false, 'unexpected argument "--json"'],
  ];
  for (const [args, allowPositionals, problem] of table) {
    it(`${JSON.stringify(args)}${allowPositionals ? ' (positionals allowed)' : ''} → ${problem ?? 'fine'}`, () => {
      expect(argsProblem({ ...config, allowPositionals }, args)).to.equal(problem);
      // A problem is named exactly when strict parseArgs refuses the arguments.
      const refused = (() => {
        try {
          parseArgs({ ...config, allowPositionals, args, strict: true });
          return false;
        } catch {
          return true;
        }
      })();
      expect(refused).to.equal(problem !== undefined);
    });
  }
});
