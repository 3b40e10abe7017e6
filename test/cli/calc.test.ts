/**
 * `npm run --silent calc`, run as a process like the other CLIs: the documented JSON shape, worked examples end
 * to end (the same numbers as test/calculators/*, checked by hand against the articles), the figures of the day
 * asked, and a mistyped command line refused with one line, the usage and exit code 2.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { REAL_KB, ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/process.js';

const run = promisify(execFile);
const calc = (args: string[]) => runCli('calc.ts', args, { KB_DIR: REAL_KB, BOT_CLOCK: '' });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('command line: calc', () => {
  it('severance --json prints exactly the documented fields, the worked example of art. 46 (5 years 3 months at 8 million → 22 million)', async () => {
    const { code, stdout, stderr } = await calc([
      'severance',
      '--json',
      '--monthly-wage',
      '8tr',
      '--months-worked',
      '5 năm 3 tháng',
      '--months-with-unemployment-insurance',
      '0',
      '--date',
      '2026-12-06',
    ]);
    expect(code, stderr).to.equal(0);
    const r = lastJson(stdout);
    expect(Object.keys(r)).to.deep.equal(['amount', 'unit', 'formula', 'inputs', 'citations', 'asOf']);
    expect(r).to.include({ amount: 22_000_000, unit: 'đồng', asOf: '2026-12-06' });
    expect(r.inputs).to.deep.equal({ monthlyWage: 8_000_000, monthsWorked: 63, monthsWithUnemploymentInsurance: 0 });
    expect(r.citations[0]).to.deep.equal({ law: 'Bộ luật Lao động 45/2019/QH14', article: '46' });
    expect(r.formula).to.contain('= 1/2 × 8.000.000 × 5,5 = 22.000.000 đồng');
  });

  it('unemployment --json adds months, firstDay and fileBy (art. 39: 60% of 10 million, 4 months for 48, the 11th working day)', async () => {
    const { code, stdout, stderr } = await calc([
      'unemployment',
      '--json',
      '--average-wage',
      '10.000.000',
      '--contribution-months',
      '48',
      '--region',
      '1',
      '--last-contribution-month',
      '2026-02',
      '--contract-ended',
      '2026-03-15',
      '--date',
      '2026-03-20',
    ]);
    expect(code, stderr).to.equal(0);
    const r = lastJson(stdout);
    expect(Object.keys(r)).to.deep.equal(['amount', 'unit', 'formula', 'inputs', 'citations', 'asOf', 'months', 'firstDay', 'fileBy']);
    expect(r).to.include({ amount: 6_000_000, unit: 'đồng/tháng', months: 4, firstDay: '2026-04-06', fileBy: '2026-06-15', asOf: '2026-02-01' });
  });

  it('unemployment: the cap is the minimum wage of the last contribution month, whatever --date says (12/2025 → 24,800,000)', async () => {
    const args = ['unemployment', '--json', '--average-wage', '50tr', '--contribution-months', '60', '--region', 'I'];
    const r = lastJson((await calc([...args, '--last-contribution-month', '12/2025', '--contract-ended', '31/12/2025', '--date', '2026-12-06'])).stdout);
    expect(r).to.include({ amount: 24_800_000, months: 5, asOf: '2025-12-01', fileBy: '2026-03-31' });
    expect(r).to.not.have.property('firstDay'); // the deadline has passed by 06/12/2026
  });

  it('overtime --night on a holiday: 300% + 30% + 20% × 300% = 390% of 25,000 × 4 h = 390,000 (D145 art. 57)', async () => {
    const r = lastJson((await calc(['overtime', '--json', '--hourly-wage', '25 nghìn', '--hours', '4', '--day', 'holiday', '--night'])).stdout);
    expect(r).to.include({ amount: 390_000, unit: 'đồng' });
    expect(r.inputs).to.deep.equal({ hourlyWage: 25_000, hours: 4, day: 'holiday', night: true });
  });

  it('retirement --json gives the age in months, the retirement day and the first pension day (art. 169(2))', async () => {
    const r = lastJson((await calc(['retirement', '--json', '--birth-date', '1965-01-15', '--sex', 'male', '--date', '2026-12-06'])).stdout);
    expect(r).to.include({ amount: 738, unit: 'tháng tuổi', date: '2026-07-31', firstDay: '2026-08-01', asOf: '2026-12-06' });
  });

  it('--date chooses the figures: a birth on 15/06/2026 gets 4,680,000 a child, on 15/07/2026 5,060,000 (art. 58(4))', async () => {
    const june = lastJson((await calc(['maternity', '--json', '--average-wage', '8tr', '--date', '2026-06-15'])).stdout);
    const july = lastJson((await calc(['maternity', '--json', '--average-wage', '8tr', '--date', '2026-07-15'])).stdout);
    expect([june.amount, july.amount]).to.deep.equal([6 * 8_000_000 + 4_680_000, 6 * 8_000_000 + 5_060_000]);
    expect([june.asOf, july.asOf]).to.deep.equal(['2026-06-15', '2026-07-15']);
  });

  it('without --json it prints what a person reads: the result, the formula, the articles and the day of the figures', async () => {
    const { code, stdout } = await calc(['job-loss', '--monthly-wage', '10 triệu', '--months-worked', '18', '--date', '2026-12-06']);
    expect(code).to.equal(0);
    expect(stdout).to.contain('Kết quả: 20.000.000 đồng');
    expect(stdout).to.contain('Căn cứ: Bộ luật Lao động 45/2019/QH14, Điều 47');
    expect(stdout).to.contain('Số liệu áp dụng ngày 06/12/2026');
  });

  describe('a mistake is refused with one line naming it, the usage and exit code 2', () => {
    const cases: [args: string[], firstLine: string][] = [
      [['severance', '--monthly-wage', '8tr', '--months-workd', '12'], 'calc: unknown option --months-workd'],
      [['severance', '--monthly-wage', '8tr', '--months-worked', '12', '--hours', '3'], 'calc: severance takes no option --hours'],
      [['severance', '--monthly-wage', '8tr'], 'calc: --months-worked is required'],
      [
        ['severance', '--monthly-wage', 'nhiều lắm', '--months-worked', '12'],
        'calc: --monthly-wage: cannot read "nhiều lắm" as an amount (e.g. "8 triệu", "8tr5", "8.000.000")',
      ],
      [['overtime', '--hourly-wage', '30k', '--hours', '2', '--day', 'sunday'], 'calc: --day: cannot read "sunday" as one of normal, rest, holiday'],
      [['overtime', '--hourly-wage', '30k', '--hours', '2', '--day', 'normal', '--night=yes'], 'calc: --night takes no value'],
      [['bonus', '--json'], 'calc: unknown calculator "bonus"'],
      [['--json'], 'calc: name a calculator'],
      [['retirement', '--birth-date', '1965-01-15', '--sex', 'male', '--date', '2026-02-30'], 'calc: --date: "2026-02-30" is not a day (YYYY-MM-DD)'],
    ];
    for (const [args, firstLine] of cases) {
      it(args.join(' '), async () => {
        const { code, stdout, stderr } = await calc(args);
        expect(code, stderr).to.equal(2);
        expect(stdout).to.equal('');
        const lines = stderr.trimEnd().split('\n');
        expect(lines[0]).to.equal(firstLine);
        expect(lines[1]).to.match(/^usage: /);
      });
    }
  });

  it('npm run --silent calc -- … --json prints the JSON as its last line', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'calc', '--', 'overtime', '--json', '--hourly-wage', '30000', '--hours', '3', '--day', 'normal'], {
      cwd: ROOT,
      env: { ...process.env, KB_DIR: REAL_KB },
    });
    expect(lastJson(stdout)).to.include({ amount: 135_000, unit: 'đồng' });
  });
});
