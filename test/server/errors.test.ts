import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import { errorHandler, requestId } from '../../src/server/errors.js';

describe('a request that fails can be diagnosed', () => {
  afterEach(() => sinon.restore());

  it('a 500 carries a request id in its header and body, and the log line has the id, method, path and stack', async () => {
    const app = express();
    app.use(requestId);
    app.get('/boom', () => {
      throw new Error('kaboom');
    });
    app.use(errorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    sinon.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes('unhandled error in request')) lines.push(String(chunk));
      else return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      return true;
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom?token=x`);
      expect(res.status).to.equal(500);
      const id = res.headers.get('x-request-id')!;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('INTERNAL');
      expect(body.error.message).to.contain(id).and.not.contain('kaboom');
      const line = JSON.parse(lines[0]!) as { requestId: string; method: string; path: string; err: { stack: string } };
      expect(line).to.include({ requestId: id, method: 'GET', path: '/boom' });
      expect(line.err.stack).to.contain('kaboom');
    } finally {
      sinon.restore();
      server.close();
    }
  });
});
