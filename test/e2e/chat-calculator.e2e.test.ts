/**
 * Issue 18 in real Chromium: on a phone-sized web chat, a worker asks for a severance calculation in their
 * own words, answers one question at a time (typing and tapping), and gets the amount with its formula,
 * article and date, and a button to ask an officer. Screenshots under test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { calculatorNamed } from '../../src/calculators/index.js';
import { launchBrowser } from '../helpers/browser.js';
import { REAL_KB, ROOT } from '../helpers/paths.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

const SHOTS = path.join(ROOT, 'test-output', 'calculator');

describe('a calculator in the web chat, in Chromium (issue 18)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;
  let page: Page;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ kbDir: REAL_KB });
    page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 } })).newPage();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('from "tính trợ cấp thôi việc giúp em" to the amount, its formula, the article and the date', async () => {
    const severance = calculatorNamed('severance')!;
    const type = async (text: string) => {
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
    };
    const lastBot = () => page.locator('#log li.bot').last();
    await page.goto(`${server.url}/`);
    await type('tính trợ cấp thôi việc giúp em');
    await page.locator('#log li.bot').filter({ hasText: severance.inputs[0]!.question }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '1-first-question.png') });
    await type('8tr5');
    await page.locator('#log li.bot').filter({ hasText: severance.inputs[1]!.question }).waitFor();
    await type('4 năm 2 tháng');
    // the optional questions offer "Bỏ qua" as a button: tap it
    for (let i = 2; i < severance.inputs.length; i++) {
      await page.locator('#log li.bot').filter({ hasText: severance.inputs[i]!.question }).waitFor();
      await page.locator('#replies button', { hasText: 'Bỏ qua' }).click();
    }
    const result = page.locator('#log li.bot').filter({ hasText: 'Trợ cấp thôi việc' }).filter({ hasText: 'Căn cứ' });
    await result.waitFor();
    const text = await result.innerText();
    expect(text)
      .to.contain('8.500.000')
      .and.to.contain('Điều 46')
      .and.to.match(/Số liệu áp dụng ngày \d\d\/\d\d\/\d{4}/);
    expect(await lastBot().innerText()).to.equal(text);
    // the answer's buttons stay in sight, above the input bar, however long the answer (issue 17 item 7)
    const ask = page.locator('#replies button', { hasText: 'Hỏi cán bộ' });
    await ask.waitFor();
    const button = (await ask.boundingBox())!;
    const input = (await page.locator('#text').boundingBox())!;
    expect(button.y).to.be.at.least(0);
    expect(button.y + button.height).to.be.at.most(input.y);
    // the result starts inside the screen on a 360-px phone
    const top = await result.evaluate((el) => el.getBoundingClientRect().top);
    expect(top).to.be.within(-1, 740);
    await page.screenshot({ path: path.join(SHOTS, '2-result.png') });
  });
});
