/**
 * A reply whose outcome is unknown — its Send API call timed out, or the process died during it — is not
 * sent again blindly: the Conversations API is asked first whether it arrived (issue 15: exactly once).
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { GraphError, type GraphClient } from '../../src/channels/messenger/graph-client.js';
import { MessengerSender, type SendLedger, type SendRecord } from '../../src/channels/messenger/sender.js';

const REPLY = [{ text: 'Lương tối thiểu vùng I là 5.310.000 đồng/tháng.', quickReplies: [] }];

function memoryLedger(): SendLedger & { records: Map<string, SendRecord> } {
  const records = new Map<string, SendRecord>();
  return { records, get: async (k) => records.get(k), set: async (k, r) => void records.set(k, r) };
}

function graphStub() {
  return {
    sendMessage: sinon.stub(),
    pageMessagesTo: sinon.stub(),
  };
}

const timeout = () => new GraphError('no answer within 1000 ms (outcome unknown)', 'timeout', 0);

describe('a reply whose outcome is unknown (timeout or crash) is checked before it is sent again', () => {
  it('timed out but delivered: the retry finds it in the conversation and does not send it again', async () => {
    const graph = graphStub();
    graph.sendMessage.onFirstCall().rejects(timeout());
    graph.pageMessagesTo.resolves([{ text: REPLY[0]!.text, createdTime: new Date().toISOString() }]);
    const sender = new MessengerSender(graph as unknown as GraphClient, memoryLedger());
    await sender.sendBotReply('p1', REPLY, { key: 'e1' }).catch((err: unknown) => expect((err as GraphError).kind).to.equal('timeout'));
    await sender.sendBotReply('p1', REPLY, { key: 'e1' });
    expect(graph.sendMessage.callCount).to.equal(1);
    expect(graph.pageMessagesTo.callCount).to.equal(1);
  });

  it('timed out and not delivered (only an older copy of the same text is there): sent again', async () => {
    const graph = graphStub();
    graph.sendMessage.onFirstCall().rejects(timeout());
    graph.sendMessage.onSecondCall().resolves({ messageId: 'm2' });
    graph.pageMessagesTo.resolves([{ text: REPLY[0]!.text, createdTime: new Date(Date.now() - 3_600_000).toISOString() }]);
    const sender = new MessengerSender(graph as unknown as GraphClient, memoryLedger());
    await sender.sendBotReply('p1', REPLY, { key: 'e1' }).catch(() => undefined);
    await sender.sendBotReply('p1', REPLY, { key: 'e1' });
    expect(graph.sendMessage.callCount).to.equal(2);
    await sender.sendBotReply('p1', REPLY, { key: 'e1' }); // accepted now: never again
    expect(graph.sendMessage.callCount).to.equal(2);
  });

  it('the process died during the call (a record with attemptedAt, nothing else): checked, then sent if missing', async () => {
    const graph = graphStub();
    graph.sendMessage.resolves({ messageId: 'm1' });
    graph.pageMessagesTo.resolves([]);
    const ledger = memoryLedger();
    const sender = new MessengerSender(graph as unknown as GraphClient, ledger);
    // what a crash leaves: the send began, no outcome was recorded
    await sender.sendBotReply('p1', REPLY, { key: 'e1' });
    const key = [...ledger.records.keys()][0]!;
    ledger.records.set(key, { attemptedAt: new Date().toISOString() });
    await sender.sendBotReply('p1', REPLY, { key: 'e1' });
    expect(graph.pageMessagesTo.callCount).to.equal(1);
    expect(graph.sendMessage.callCount).to.equal(2);
  });

  it('Graph cannot say (no permission, an error): sent again once at most, as before', async () => {
    const graph = graphStub();
    graph.sendMessage.rejects(timeout());
    graph.pageMessagesTo.rejects(new GraphError('(#10) permission', 'invalid', 403, 10));
    const sender = new MessengerSender(graph as unknown as GraphClient, memoryLedger());
    for (let i = 0; i < 4; i++) await sender.sendBotReply('p1', REPLY, { key: 'e1' }).catch(() => undefined);
    expect(graph.sendMessage.callCount).to.equal(2);
  });

  it('an error answer from Graph (not delivered) leaves nothing unknown: the retry sends without asking', async () => {
    const graph = graphStub();
    graph.sendMessage.onFirstCall().rejects(new GraphError('temporarily unavailable', 'transient', 500, 2));
    graph.sendMessage.onSecondCall().resolves({ messageId: 'm2' });
    const sender = new MessengerSender(graph as unknown as GraphClient, memoryLedger());
    await sender.sendBotReply('p1', REPLY, { key: 'e1' }).catch(() => undefined);
    await sender.sendBotReply('p1', REPLY, { key: 'e1' });
    expect(graph.pageMessagesTo.callCount).to.equal(0);
    expect(graph.sendMessage.callCount).to.equal(2);
  });
});
