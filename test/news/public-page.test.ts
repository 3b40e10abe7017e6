/** The public list /tin-tuc (and /news): current items only, escaped, no script or inline style, cached a minute. */
import { expect } from 'chai';
import { startServer, type RunningServer } from '../helpers/setup.js';
import { testItem } from './fixtures.js';

describe('the public news page (/tin-tuc, /news)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  const current = testItem({ title: '[DỮ LIỆU THỬ] <script>alert("x")</script> & "ưu đãi"', body: 'Dòng một <b>đậm</b>\nDòng hai' });
  const hidden = [
    testItem({ title: '[DỮ LIỆU THỬ] bản nháp', status: 'draft' }),
    testItem({ title: '[DỮ LIỆU THỬ] đã gỡ', status: 'withdrawn' }),
    testItem({ title: '[DỮ LIỆU THỬ] đã hết hạn', validFrom: '2026-10-01', validUntil: '2026-11-25' }),
    testItem({ title: '[DỮ LIỆU THỬ] chưa tới ngày', validFrom: '2026-11-27', validUntil: '2026-12-31' }),
  ];
  before(async () => {
    server = await startServer({ day: '2026-11-26', env: { ORG_NAME: 'Công đoàn <Thử nghiệm>' } });
    for (const item of [current, ...hidden]) await server.storage.saveNewsItem(item);
  });
  after(async () => server.close());

  it('lists only the current items, escaped, with the union name from the configuration', async () => {
    const res = await fetch(`${server.url}/tin-tuc`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/html');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=60');
    const html = await res.text();
    expect(html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;ưu đãi&quot;');
    expect(html).to.contain('Dòng một &lt;b&gt;đậm&lt;/b&gt;');
    expect(html).to.contain('Công đoàn &lt;Thử nghiệm&gt;');
    expect(html).to.contain('Từ 01/11/2026 đến 30/11/2026');
    expect(html).to.contain('href="https://example.org/du-lieu-thu" rel="noopener noreferrer nofollow"');
    for (const item of hidden) expect(html).to.not.contain(item.title);
    // CSP-safe: no script at all, no inline style; only our own stylesheet
    expect(html).to.not.match(/<script|style=|<style/i);
    expect(html).to.contain('<link rel="stylesheet" href="/static/news.css" />');
    expect((await fetch(`${server.url}/static/news.css`)).status).to.equal(200);
  });

  it('in English at /news and at /tin-tuc?lang=en', async () => {
    for (const path of ['/news', '/tin-tuc?lang=en']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html).to.contain('<html lang="en">').and.contain('News &amp; programmes').and.contain('From 01/11/2026 to 30/11/2026');
    }
  });

  it('with nothing current, says so', async () => {
    const empty = await startServer({ day: '2026-11-26' });
    try {
      const html = await (await fetch(`${empty.url}/tin-tuc`)).text();
      expect(html).to.contain('Hiện chưa có tin hay chương trình nào đang diễn ra.');
      expect(html).to.not.contain('<ol');
    } finally {
      await empty.close();
    }
  });
});
