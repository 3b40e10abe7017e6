import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { CONFIG_VARIABLES } from '../src/config.js';
import { ROOT } from './helpers/paths.js';

describe('README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  it('starts with the two set-up commands', () => {
    const firstBlock = readme.split('```')[1]!;
    expect(firstBlock).to.contain('npm install && npm run build && npm start').and.contain('npm install && npm test');
  });
  it(".ci/run runs the README's test command", () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci)
      .to.match(/npm install/)
      .and.match(/\nnpm test\n/);
  });
  it('documents every environment variable with its default', () => {
    for (const v of CONFIG_VARIABLES) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${v.name}\``));
      expect(row, `${v.name} missing from the README configuration table`).to.not.equal(undefined);
      expect(row).to.contain(v.default === '' ? '(empty)' : `\`${v.default}\``);
    }
  });
});
