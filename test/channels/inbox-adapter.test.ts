/**
 * The inbox's FacebookAdapter and the Botkit router on top of it, without HTTP: a stored item becomes
 * the same Activity FacebookAdapter builds from a webhook, every kind of Messenger item reaches its typed
 * event, a failing handler fails its own item only, and two turns at once share nothing.
 */
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { FacebookAdapter } from 'botbuilder-adapter-facebook';
import type { Activity, TurnContext } from 'botbuilder';
import type { BotkitHandler } from 'botkit';
import { activityOf, InboxAdapter, type AddressedItem } from '../../src/channels/messenger/inbox-adapter.js';
import { BotkitRouter, RoutingError } from '../../src/channels/messenger/botkit-router.js';
import type { InboxItem, MessengerEvent } from '../../src/channels/messenger/events.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { APP_SECRET, eventually, item, PAGE_ID } from '../helpers/messenger.js';

const options = { verify_token: 'v', app_secret: APP_SECRET, access_token: 't', api_version: 'v25.0' };
const at = (i: object, standby = false): InboxItem => ({ item: i as InboxItem['item'], standby, pageId: PAGE_ID });

/** What FacebookAdapter itself builds for one webhook item, through its public processActivity (signed as it expects). */
async function stockActivity(raw: object, standby: boolean): Promise<Partial<Activity>> {
  const body = {
    object: 'page',
    entry: [{ id: PAGE_ID, time: 1, messaging: standby ? [] : [structuredClone(raw)], ...(standby ? { standby: [structuredClone(raw)] } : {}) }],
  };
  const rawBody = JSON.stringify(body);
  const req = { body, rawBody, headers: { 'x-hub-signature': `sha1=${createHmac('sha1', APP_SECRET).update(rawBody, 'utf8').digest('hex')}` } };
  const res = { status: () => undefined, end: () => undefined };
  let seen: Partial<Activity> | undefined;
  await new FacebookAdapter(options).processActivity(req, res, async (context) => {
    seen = { ...context.activity };
  });
  return seen!;
}

/** The fields a turn is made of; the clock and the conversation's extra descriptors aside. */
const comparable = (a: Partial<Activity>) => ({
  channelId: a.channelId,
  type: a.type,
  text: a.text ?? null,
  conversation: a.conversation?.id,
  from: a.from,
  recipient: a.recipient,
  channelData: a.channelData,
});

const handover = (key: string) => ({ sender: { id: '1001' }, recipient: { id: PAGE_ID }, timestamp: 1, [key]: { metadata: 'm' } });

describe('InboxAdapter: a stored item becomes the turn FacebookAdapter would make of it', () => {
  const cases: [string, object, boolean][] = [
    ['a text', item.text('1001', 'chào'), false],
    ['a quick reply', item.quickReply('1001', 'Có', 'YES'), false],
    ['a postback', item.postback('1001', 'Bắt đầu', 'GET_STARTED'), false],
    ['an image', item.image('1001'), false],
    ['a sticker', item.sticker('1001'), false],
    ['an echo', item.echo('1001', 'Đã nhận', 'bot'), false],
    ['a delivery', item.delivery('1001'), false],
    ['a read', item.read('1001'), false],
    ['a standby text', item.text('1001', 'đang chờ'), true],
  ];
  for (const [name, raw, standby] of cases) {
    it(`${name}: same activity as FacebookAdapter.processActivity`, async () => {
      const addressed = { ...structuredClone(raw), ...(standby ? { standby: true } : {}) } as AddressedItem;
      expect(comparable(activityOf(addressed))).to.deep.equal(comparable(await stockActivity(raw, standby)));
    });
  }

  it("leaves the caller's item as it was, and stamps the turn with Meta's time", () => {
    const raw = item.text('1001', 'chào') as AddressedItem;
    const before = structuredClone(raw);
    const activity = activityOf(raw);
    expect(raw).to.deep.equal(before);
    expect(activity.timestamp).to.deep.equal(new Date(raw.timestamp!));
  });

  it('runs its middleware (FacebookEventTypeMiddleware) before the logic, and the logic once', async () => {
    const adapter = new InboxAdapter(options);
    const seen: TurnContext['activity'][] = [];
    await adapter.receive(item.postback('1001', 'Menu', 'MENU') as AddressedItem, async (context) => {
      seen.push(context.activity);
    });
    expect(seen).to.have.length(1);
    expect(seen[0]!.channelData.botkitEventType).to.equal('facebook_postback');
    expect(seen[0]!.text).to.equal('MENU');
  });

  it('rejects with what the logic threw', async () => {
    const adapter = new InboxAdapter(options);
    const failing = adapter.receive(item.text('1001', 'x') as AddressedItem, async () => {
      throw new RangeError('logic bug');
    });
    await failing.then(
      () => expect.fail('should have rejected'),
      (err: unknown) => expect(err).to.be.instanceOf(RangeError),
    );
  });
});

describe('BotkitRouter over the InboxAdapter', () => {
  let storage: SqliteStorage;
  let router: BotkitRouter;
  // A handler added beside the router's own, as a later feature would add one (the router keeps its controller private).
  const on = (events: string[], handler: BotkitHandler) =>
    (router as unknown as { controller: { on(e: string[], h: BotkitHandler): void } }).controller.on(events, handler);
  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
    router = new BotkitRouter({ verifyToken: 'v', appSecret: APP_SECRET, accessToken: 't', apiVersion: 'v25.0', storage });
  });
  afterEach(async () => {
    await router.shutdown();
    await storage.close();
  });

  const kinds: [string, InboxItem, Partial<MessengerEvent>][] = [
    ['a text', at(item.text('1001', 'chào', 'm1')), { kind: 'text', psid: '1001', mid: 'm1', text: 'chào' }],
    ['a quick reply', at(item.quickReply('1001', 'Có', 'YES')), { kind: 'quick_reply', psid: '1001', text: 'Có', payload: 'YES' }],
    ['a postback', at(item.postback('1001', 'Bắt đầu', 'GET_STARTED')), { kind: 'postback', psid: '1001', title: 'Bắt đầu', payload: 'GET_STARTED' }],
    ['an image', at(item.image('1001')), { kind: 'attachment', psid: '1001', types: ['image'] }],
    ['a sticker', at(item.sticker('1001')), { kind: 'attachment', psid: '1001', types: ['sticker'] }],
    [
      'an echo of the bot',
      at(item.echo('1001', 'Đã nhận', 'bot')),
      { kind: 'echo', psid: '1001', text: 'Đã nhận', metadata: 'bot', appId: '1517776481860111' },
    ],
    ['a standby text', at(item.text('1001', 'đang chờ'), true), { kind: 'standby', psid: '1001', text: 'đang chờ' }],
    ['a delivery', at(item.delivery('1001')), { kind: 'delivery', psid: '1001' }],
    ['a read', at(item.read('1001')), { kind: 'read', psid: '1001' }],
    ['thread control passed to the bot', at(handover('pass_thread_control')), { kind: 'handover', psid: '1001', detail: 'facebook_receive_thread_control' }],
    ['thread control taken away', at(handover('take_thread_control')), { kind: 'handover', psid: '1001', detail: 'facebook_lose_thread_control' }],
    ['thread control requested', at(handover('request_thread_control')), { kind: 'handover', psid: '1001', detail: 'facebook_request_thread_control' }],
    ['app roles', at(handover('app_roles')), { kind: 'handover', psid: '1001', detail: 'facebook_app_roles' }],
    ['a reaction (no handler)', at(item.reaction('1001')), { kind: 'unknown', psid: '1001' }],
    ['an item with no sender', at({ recipient: { id: PAGE_ID }, message: { mid: 'x', text: 'ai?' } }), { kind: 'unknown', psid: '' }],
  ];
  for (const [name, inbox, expected] of kinds) {
    it(`${name} → ${expected.kind}`, async () => {
      expect(await router.route(inbox)).to.deep.include(expected);
    });
  }

  it('an item stored without a recipient is addressed to the page it came in on', async () => {
    const seen: string[] = [];
    on(['message'], async (bot) => {
      seen.push((bot.getConfig('context') as TurnContext).activity.recipient.id);
    });
    await router.route(at({ sender: { id: '1001' }, message: { mid: 'm', text: 'chào' } }));
    expect(seen).to.deep.equal([PAGE_ID]);
  });

  it('a poison item (attachments: [null]) becomes an attachment of unknown type, no handler throws', async () => {
    expect(await router.route(at({ sender: { id: '1001' }, recipient: { id: PAGE_ID }, message: { mid: 'p', attachments: [null] } }))).to.deep.equal({
      kind: 'attachment',
      psid: '1001',
      mid: 'p',
      types: ['unknown'],
    });
  });

  it('a throwing handler fails route() with a RoutingError carrying the cause', async () => {
    const bug = new TypeError('handler bug');
    on(['facebook_postback'], async () => {
      throw bug;
    });
    const err = await router.route(at(item.postback('1001', 'Menu', 'MENU'))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(RoutingError);
    expect((err as RoutingError).cause).to.equal(bug);
    expect((err as RoutingError).message).to.equal('TypeError: handler bug');
    // other kinds are untouched
    expect(await router.route(at(item.text('1001', 'chào')))).to.include({ kind: 'text' });
  });

  it("a failing read of Botkit's dialog state fails route() too", async () => {
    storage.readState = async () => {
      throw new Error('database locked');
    };
    const err = await router.route(at(item.text('1001', 'chào'))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(RoutingError);
    expect((err as RoutingError).message).to.equal('Error: database locked');
  });

  it('two turns at once share nothing: a slow one, a failing one and a quick one each get their own outcome', async () => {
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowEntered = false;
    on(['message'], async (_bot, message) => {
      if (message.user === 'slow') {
        slowEntered = true;
        await slowGate;
      }
      if (message.user === 'bad') {
        await slowGate;
        throw new Error('bad turn');
      }
    });
    const slow = router.route(at(item.text('slow', 'chậm')));
    const bad = router.route(at(item.text('bad', 'lỗi'))).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await eventually(() => expect(slowEntered).to.equal(true));
    // While both wait, a third turn runs from start to end with its own event.
    expect(await router.route(at(item.text('quick', 'nhanh')))).to.include({ kind: 'text', psid: 'quick', text: 'nhanh' });
    releaseSlow();
    expect(await slow).to.include({ kind: 'text', psid: 'slow', text: 'chậm' });
    const badErr = await bad;
    expect(badErr).to.be.instanceOf(RoutingError);
    expect((badErr as RoutingError).message).to.equal('Error: bad turn');
  });
});
