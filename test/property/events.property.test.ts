/**
 * The Messenger event reader (src/channels/messenger/events.ts) under arbitrary values (fast-check):
 * itemsOf accepts a Page body or throws one of its two payload errors; normaliseItem gives the shapes
 * its comment promises, whatever arrived, without touching its input, and normalising twice changes
 * nothing; the ids the inbox keys events by are always strings.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { eventIdOf, itemsOf, normaliseItem, WebhookPayloadError, workerIdOf, type RawMessagingItem } from '../../src/channels/messenger/events.js';
import { JsonTooDeepError } from '../../src/server/json-body.js';
import { PAGE_ID } from '../helpers/messenger.js';
import { deepJsonText, depthAroundLimit, junk, messagingItem, pageBody, unprintable } from './arbitraries.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "ids and texts are strings or absent, message / postback / quick_reply are objects or absent, attachments a list of objects each with a string type" */
function expectDocumentedShape(item: RawMessagingItem): void {
  expect(isPlainObject(item)).to.equal(true);
  for (const key of ['sender', 'recipient'] as const) {
    const party = item[key];
    if (party === undefined) continue;
    expect(party).to.have.all.keys('id');
    expect(party.id).to.be.a('string').that.is.not.empty;
  }
  if (item.timestamp !== undefined) expect(item.timestamp).to.be.a('number');
  const m = item.message;
  if (m !== undefined) {
    expect(isPlainObject(m), 'message is an object').to.equal(true);
    for (const key of ['mid', 'text', 'metadata'] as const) if (m[key] !== undefined) expect(m[key], key).to.be.a('string');
    if (m.is_echo !== undefined) expect(m.is_echo).to.be.a('boolean');
    if (m.app_id !== undefined) expect(typeof m.app_id).to.be.oneOf(['string', 'number']);
    if (m.sticker_id !== undefined) expect(typeof m.sticker_id).to.be.oneOf(['string', 'number']);
    if (m.quick_reply !== undefined) {
      expect(isPlainObject(m.quick_reply), 'quick_reply is an object').to.equal(true);
      expect(m.quick_reply.payload).to.be.a('string').that.is.not.empty;
    }
    if (m.attachments !== undefined) {
      expect(m.attachments).to.be.an('array').that.is.not.empty;
      for (const a of m.attachments) {
        expect(isPlainObject(a), 'each attachment is an object').to.equal(true);
        expect(a.type).to.be.a('string');
      }
    }
  }
  const p = item.postback;
  if (p !== undefined) {
    expect(isPlainObject(p), 'postback is an object').to.equal(true);
    for (const key of ['mid', 'title', 'payload'] as const) if (p[key] !== undefined) expect(p[key], key).to.be.a('string');
  }
}

/** What reaches normaliseItem: items of every kind, any JSON, any value at all (a stored payload, or worse). */
const anyItem = fc.oneof({ weight: 4, arbitrary: messagingItem as fc.Arbitrary<unknown> }, junk, fc.anything());
const EVENT_ID = /^((mid|echo|standby):[^]+|hash:[0-9a-f]{64})$/;

describe('property: reading Messenger webhook events', () => {
  describe('normaliseItem', () => {
    it('never throws and gives only the documented shapes, whatever arrived', () =>
      fc.assert(
        fc.property(anyItem, (raw) => {
          expectDocumentedShape(normaliseItem(raw));
        }),
        { numRuns: 1000 },
      ));
    it('leaves its input untouched, and normalising twice changes nothing', () =>
      fc.assert(
        fc.property(anyItem, (raw) => {
          const before = structuredClone(raw);
          const once = normaliseItem(raw);
          expect(raw).to.deep.equal(before);
          expect(normaliseItem(once)).to.deep.equal(once);
        }),
        { numRuns: 1000 },
      ));
    it('a normalised item always has a worker id and an event id (strings), never an exception', () =>
      fc.assert(
        fc.property(anyItem.filter(isPlainObject), fc.boolean(), (raw, standby) => {
          const item = normaliseItem(raw);
          expect(workerIdOf(item)).to.be.a('string');
          expect(eventIdOf({ item, standby, pageId: PAGE_ID })).to.match(EVENT_ID);
        }),
        { numRuns: 1000 },
      ));
  });

  describe('itemsOf', () => {
    const bodies = fc.oneof(
      { weight: 6, arbitrary: pageBody as fc.Arbitrary<unknown> },
      { weight: 2, arbitrary: junk },
      { weight: 1, arbitrary: depthAroundLimit.map((depth) => ({ object: 'page', entry: [{ messaging: [JSON.parse(deepJsonText(depth, '{}'))] }] })) },
    );
    it('gives items of the documented shape, or throws WebhookPayloadError / JsonTooDeepError, nothing else', () =>
      fc.assert(
        fc.property(bodies, (body) => {
          let items;
          try {
            items = itemsOf(body);
          } catch (err) {
            expect(err, String(err)).to.satisfy((e: unknown) => e instanceof WebhookPayloadError || e instanceof JsonTooDeepError);
            return;
          }
          for (const inbox of items) {
            expect(isPlainObject(inbox.item) || Array.isArray(inbox.item), 'item is an object').to.equal(true);
            expect(inbox.standby).to.be.a('boolean');
            expect(inbox.pageId).to.be.a('string');
          }
        }),
        { numRuns: 1000 },
      ));

    // What webhook.ts does with a signed body before it stores anything: itemsOf, then the event id and the
    // worker id of each raw (not yet normalised) item. An exception other than the payload errors is a 500.
    it('the webhook’s reading of a body (itemsOf, eventIdOf, workerIdOf on raw items) throws nothing but the payload errors, even for ids like {"toString": 1}', () =>
      fc.assert(
        fc.property(
          fc.constantFrom('entry.id', 'sender.id', 'recipient.id', 'message.mid', 'postback.mid'),
          unprintable,
          fc.boolean(),
          (field, value, echo) => {
            const event: Record<string, any> = {
              sender: { id: '7000000000000004' },
              recipient: { id: PAGE_ID },
              message: { mid: 'm_1', text: 'x', is_echo: echo },
            };
            const entry: Record<string, any> = { id: PAGE_ID, messaging: [event] };
            if (field === 'entry.id') entry.id = value;
            if (field === 'sender.id') event.sender.id = value;
            if (field === 'recipient.id') event.recipient.id = value;
            if (field === 'message.mid') event.message.mid = value;
            if (field === 'postback.mid') {
              delete event.message;
              event.postback = { mid: value, title: 't', payload: 'p' };
            }
            try {
              for (const inbox of itemsOf({ object: 'page', entry: [entry] })) {
                expect(eventIdOf(inbox)).to.be.a('string');
                expect(workerIdOf(inbox.item)).to.be.a('string');
              }
            } catch (err) {
              expect(err, `${field}: ${String(err)}`).to.satisfy((e: unknown) => e instanceof WebhookPayloadError || e instanceof JsonTooDeepError);
            }
          },
        ),
        { numRuns: 100 },
      ));
  });
});
