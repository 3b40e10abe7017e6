import { expect } from 'chai';
import { botMayAnswer, canTransition, nextOwner, OwnershipError, type OwnershipAction } from '../../src/conversation/ownership.js';
import { isOpen, OfficeHoursError, parseOfficeHours } from '../../src/escalation/office-hours.js';
import type { Owner } from '../../src/storage/types.js';

describe('conversation ownership (bot → waiting_staff → staff → resolved → bot)', () => {
  const allowed: [Owner, OwnershipAction, Owner][] = [
    ['bot', 'handoff', 'waiting_staff'],
    ['bot', 'take', 'staff'],
    ['bot', 'staff_echo', 'staff'],
    ['waiting_staff', 'take', 'staff'],
    ['waiting_staff', 'assign', 'staff'],
    ['waiting_staff', 'reply', 'staff'],
    ['waiting_staff', 'cancel', 'bot'],
    ['waiting_staff', 'resolve', 'resolved'],
    ['waiting_staff', 'handoff', 'waiting_staff'],
    ['staff', 'reply', 'staff'],
    ['staff', 'assign', 'staff'],
    ['staff', 'resolve', 'resolved'],
    ['staff', 'handoff', 'staff'],
    ['resolved', 'worker_writes', 'bot'],
    ['resolved', 'handoff', 'waiting_staff'],
    ['resolved', 'take', 'staff'],
  ];
  for (const [from, action, to] of allowed) it(`${from} --${action}--> ${to}`, () => expect(nextOwner(from, action)).to.equal(to));

  const refused: [Owner, OwnershipAction][] = [
    ['bot', 'resolve'],
    ['bot', 'reply'],
    ['bot', 'cancel'],
    ['staff', 'cancel'],
    ['resolved', 'resolve'],
    ['resolved', 'reply'],
    ['resolved', 'cancel'],
  ];
  for (const [from, action] of refused) {
    it(`${from} cannot ${action}`, () => {
      expect(canTransition(from, action)).to.equal(false);
      expect(() => nextOwner(from, action)).to.throw(OwnershipError);
    });
  }

  const answers: [Owner, boolean][] = [
    ['bot', true],
    ['waiting_staff', false],
    ['staff', false],
    ['resolved', true],
  ];
  for (const [owner, may] of answers)
    it(`the bot ${may ? 'answers' : 'stays silent'} when the owner is ${owner}`, () => expect(botMayAnswer(owner)).to.equal(may));
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
