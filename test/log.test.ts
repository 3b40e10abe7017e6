import { expect } from 'chai';
import sinon from 'sinon';
import { log, registerSecret } from '../src/log.js';

describe('the logger', () => {
  afterEach(() => sinon.restore());

  it("keeps an error's stack and cause, and scrubs registered secrets from them", () => {
    const lines: string[] = [];
    sinon.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    registerSecret('EAAsecretTOKEN123');
    const err = new Error('Graph refused EAAsecretTOKEN123', { cause: new Error('socket hang up') });
    log.error('send failed', { err });
    sinon.restore();
    const line = JSON.parse(lines.at(-1)!) as { err: { message: string; stack: string; cause: { message: string } } };
    expect(line.err.stack).to.contain('log.test.ts');
    expect(line.err.cause.message).to.equal('socket hang up');
    expect(lines.at(-1)).to.not.contain('EAAsecretTOKEN123');
  });
});
