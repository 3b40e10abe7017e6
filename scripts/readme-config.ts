/** Rewrite the configuration table in README.md from src/config.ts (one place for each variable). */
import fs from 'node:fs';
import { CONFIG_VARIABLES } from '../src/config.js';

const rows = [
  '| variable | default | what it does |',
  '|---|---|---|',
  ...CONFIG_VARIABLES.map((v) => `| \`${v.name}\` | ${v.default === '' ? '(empty)' : `\`${v.default}\``} | ${v.description} |`),
];
const readme = fs.readFileSync('README.md', 'utf8');
const updated = readme.replace(
  /<!-- config-table:start -->[\s\S]*<!-- config-table:end -->/,
  `<!-- config-table:start -->\n${rows.join('\n')}\n<!-- config-table:end -->`,
);
fs.writeFileSync('README.md', updated);
