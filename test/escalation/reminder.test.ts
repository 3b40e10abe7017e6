import { expect } from 'chai';
import { ChatClient, MutableClock, startServer } from '../helpers/setup.js';

describe('nobody picks up a hand-off in time', () => {
  it('the worker is told once, with the other channels, after HANDOFF_TIMEOUT_MINUTES', async () => {
    const clock = new MutableClock();
    const server = await startServer({ clock, env: { HANDOFF_TIMEOUT_MINUTES: '30', ORG_HOTLINE: '0123 456 789' } });
    try {
      const chat = new ChatClient(server.url);
      await chat.send({ text: 'cho em gặp cán bộ công đoàn' });
      clock.advance(29 * 60_000);
      expect(await server.escalations.remindUnanswered(30, server.config.organisation)).to.deep.equal([]);
      clock.advance(2 * 60_000);
      const told = await server.escalations.remindUnanswered(30, server.config.organisation);
      expect(told).to.have.length(1);
      const transcript = await server.storage.listMessages(told[0]!);
      expect(transcript.at(-1)!.text).to.contain('chưa có cán bộ nào').and.contain('0123 456 789');
      clock.advance(60 * 60_000);
      expect(await server.escalations.remindUnanswered(30, server.config.organisation)).to.deep.equal([]);
      expect((await server.storage.getConversation(told[0]!))!.owner).to.equal('waiting_staff');
    } finally {
      await server.close();
    }
  });
});
