import { expect } from 'chai';
import { botMayAnswer, canTransition, nextOwner, OwnershipError, type OwnershipAction } from '../../src/conversation/ownership.js';
import { isOpen, OfficeHoursError, officeMinutesBetween, parseOfficeHours } from '../../src/escalation/office-hours.js';
import { PAYLOAD } from '../../src/conversation/respond.js';
import type { Owner } from '../../src/storage/types.js';
import { Script } from '../helpers/script.js';
import { testCore } from '../helpers/setup.js';

describe('conversation ownership (bot → waiting_staff → staff → resolved → bot)', () => {
  const OWNERS: Owner[] = ['bot', 'waiting_staff', 'staff', 'resolved'];
  const ACTIONS: OwnershipAction[] = ['handoff', 'cancel', 'worker_writes', 'take', 'assign', 'reply', 'resolve', 'staff_echo', 'reopen'];
  /** The whole table: every owner × action, allowed (→ the new owner) or refused (undefined). */
  const TABLE: Record<Owner, Partial<Record<OwnershipAction, Owner>>> = {
    bot: { handoff: 'waiting_staff', take: 'staff', assign: 'staff', staff_echo: 'staff', reopen: 'waiting_staff' },
    waiting_staff: { cancel: 'bot', take: 'staff', assign: 'staff', reply: 'staff', resolve: 'resolved', staff_echo: 'staff' },
    staff: { take: 'staff', assign: 'staff', reply: 'staff', resolve: 'resolved', staff_echo: 'staff' },
    resolved: { worker_writes: 'bot', take: 'staff', assign: 'staff', staff_echo: 'staff', reopen: 'waiting_staff' },
  };
  for (const from of OWNERS) {
    for (const action of ACTIONS) {
      const to = TABLE[from][action];
      if (to) it(`${from} --${action}--> ${to}`, () => expect(nextOwner(from, action)).to.equal(to));
      else
        it(`${from} cannot ${action}`, () => {
          expect(canTransition(from, action)).to.equal(false);
          expect(() => nextOwner(from, action)).to.throw(OwnershipError);
        });
    }
  }

  it('staff reopen only a closed case (resolved, or taken back by the bot): one in the queue or with staff is already open', () => {
    for (const from of ['waiting_staff', 'staff'] as const) expect(canTransition(from, 'reopen'), from).to.equal(false);
    for (const from of ['resolved', 'bot'] as const) expect(nextOwner(from, 'reopen'), from).to.equal('waiting_staff');
  });

  it('the bot hands off only a conversation it owns: a waiting, staff-owned or resolved one cannot be handed off again', () => {
    for (const from of ['waiting_staff', 'staff', 'resolved'] as const) expect(canTransition(from, 'handoff'), from).to.equal(false);
  });

  const answers: [Owner, boolean][] = [
    ['bot', true],
    ['waiting_staff', false],
    ['staff', false],
    ['resolved', true],
  ];
  for (const [owner, may] of answers)
    it(`the bot ${may ? 'answers' : 'stays silent'} when the owner is ${owner}`, () => expect(botMayAnswer(owner)).to.equal(may));
});

describe("the bot's own changes of owner (conversation core), through the same table", () => {
  const core = testCore();
  const from = (owner: Owner) => {
    const s = new Script(core);
    s.state = { ...s.state, owner };
    return s;
  };
  const cases: { owner: Owner; send: string | { payload: string }; to: Owner }[] = [
    { owner: 'bot', send: 'cho em gặp cán bộ công đoàn', to: 'waiting_staff' },
    { owner: 'bot', send: 'nghỉ phép năm bao nhiêu ngày', to: 'bot' },
    { owner: 'waiting_staff', send: 'hủy', to: 'bot' },
    { owner: 'waiting_staff', send: { payload: PAYLOAD.cancelHandoff }, to: 'bot' },
    { owner: 'waiting_staff', send: 'em bị nợ lương 2 tháng', to: 'waiting_staff' },
    { owner: 'staff', send: 'hủy', to: 'staff' },
    { owner: 'resolved', send: 'nghỉ phép năm bao nhiêu ngày', to: 'bot' },
    { owner: 'resolved', send: 'cho em gặp cán bộ công đoàn', to: 'waiting_staff' },
  ];
  for (const c of cases) {
    const what = typeof c.send === 'string' ? `"${c.send}"` : c.send.payload;
    it(`${c.owner} + ${what} → ${c.to}`, () => {
      const s = from(c.owner);
      if (typeof c.send === 'string') s.send(c.send);
      else s.tap(c.send.payload);
      expect(s.state.owner).to.equal(c.to);
    });
  }
});

describe('office hours', () => {
  const rules = parseOfficeHours('1-5 07:30-11:30; 1-5 13:30-17:00; 6 08:00-11:00');
  const at: [string, boolean][] = [
    ['2026-11-26T08:00:00+07:00', true], // Thursday morning
    ['2026-11-26T12:00:00+07:00', false], // lunch
    ['2026-11-26T16:59:00+07:00', true],
    ['2026-11-26T17:00:00+07:00', false],
    ['2026-11-28T09:00:00+07:00', true], // Saturday
    ['2026-11-29T09:00:00+07:00', false], // Sunday
    ['2026-11-26T01:00:00Z', true], // 08:00 in Vietnam
  ];
  for (const [iso, open] of at) it(`${iso} is ${open ? 'open' : 'closed'}`, () => expect(isOpen(rules, new Date(iso))).to.equal(open));
  it('with no schedule the bot claims nothing', () => expect(isOpen([], new Date())).to.equal(undefined));
  for (const bad of ['Mon-Fri 8-5', '1-5 17:00-08:00', '8 08:00-10:00', '5-1 08:00-10:00']) {
    it(`"${bad}" is refused with a clear error`, () => expect(() => parseOfficeHours(bad)).to.throw(OfficeHoursError, /OFFICE_HOURS/));
  }
});

describe('office minutes between two instants', () => {
  const rules = parseOfficeHours('1-5 07:30-11:30; 1-5 13:30-17:00; 6 08:00-11:00');
  // [from, to, office minutes] — Vietnam time; 2026-11-26 is a Thursday.
  const table: [string, string, number][] = [
    ['2026-11-26T08:00:00+07:00', '2026-11-26T08:25:00+07:00', 25], // inside the morning
    ['2026-11-26T11:00:00+07:00', '2026-11-26T14:00:00+07:00', 60], // across lunch: 30 + 30
    ['2026-11-26T16:50:00+07:00', '2026-11-27T07:40:00+07:00', 20], // over the night: 10 + 10
    ['2026-11-26T20:00:00+07:00', '2026-11-27T06:00:00+07:00', 0], // all night
    ['2026-11-28T10:30:00+07:00', '2026-11-30T08:00:00+07:00', 60], // Saturday 30, Sunday 0, Monday 30
    ['2026-11-29T09:00:00+07:00', '2026-11-29T18:00:00+07:00', 0], // Sunday
    ['2026-11-26T07:30:00+07:00', '2026-11-27T17:00:00+07:00', 900], // two whole working days: 2 × (240 + 210)
    ['2026-11-26T01:00:00Z', '2026-11-26T01:15:00Z', 15], // UTC instants, 08:00 in Vietnam
    ['2026-11-26T09:00:00+07:00', '2026-11-26T08:00:00+07:00', 0], // backwards
  ];
  for (const [from, to, minutes] of table) {
    it(`${from} → ${to} is ${minutes} office minutes`, () => expect(officeMinutesBetween(rules, new Date(from), new Date(to))).to.equal(minutes));
  }
  it('overlapping rules count a minute once', () =>
    expect(
      officeMinutesBetween(parseOfficeHours('1-5 08:00-10:00; 1 09:00-11:00'), new Date('2026-11-30T07:00:00+07:00'), new Date('2026-11-30T12:00:00+07:00')),
    ).to.equal(180));
  it('with no schedule every minute counts', () =>
    expect(officeMinutesBetween([], new Date('2026-11-29T20:00:00+07:00'), new Date('2026-11-29T21:30:00+07:00'))).to.equal(90));
});
