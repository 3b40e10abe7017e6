/** Scripted conversations: send this, expect that — against the conversation core, no I/O. */
import { expect } from 'chai';
import type { ConversationCore, Inbound, TurnResult } from '../../src/conversation/respond.js';
import { newConversationState } from '../../src/conversation/respond.js';
import type { ConversationRecord } from '../../src/storage/types.js';

export class Script {
  state: ConversationRecord;
  last!: TurnResult;

  constructor(
    readonly core: ConversationCore,
    options: { greeted?: boolean } = {},
  ) {
    this.state = { ...newConversationState('web', 'worker-1', 'vi'), greeted: options.greeted ?? true };
  }

  send(text: string, extra: Partial<Inbound> = {}): this {
    const turn = this.core.respond(this.state, { channel: 'web', userId: 'worker-1', text, ...extra });
    this.state = turn.state;
    this.last = turn.result;
    return this;
  }

  tap(payload: string): this {
    return this.send('', { payload });
  }

  expectOutcome(outcome: TurnResult['outcome'], entryId?: string): this {
    expect(this.last.outcome, this.text()).to.equal(outcome);
    if (entryId !== undefined) expect(this.last.entryId, this.text()).to.equal(entryId);
    return this;
  }

  expectText(pattern: RegExp | string): this {
    if (typeof pattern === 'string') expect(this.text()).to.contain(pattern);
    else expect(this.text()).to.match(pattern);
    return this;
  }

  text(): string {
    return this.last.messages.map((m) => m.text).join('\n\n');
  }

  replies(): string[] {
    return (this.last.messages.at(-1)?.quickReplies ?? []).map((q) => q.payload);
  }
}
