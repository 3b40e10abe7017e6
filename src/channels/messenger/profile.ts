/** The Page's Messenger profile: Get Started, greeting (vi, en), persistent menu, ice breakers. */
import { localeResources } from '../../i18n.js';
import { PAYLOAD } from '../../conversation/respond.js';

interface MessengerStrings {
  greeting: string;
  menuQuestions: string;
  menuStaff: string;
  menuHelp: string;
  iceBreakers: [string, string][];
}

const strings = (locale: 'vi' | 'en') => localeResources(locale).messenger as MessengerStrings;
const newsMenuTitle = (locale: 'vi' | 'en') => (localeResources(locale).news as { menu: string }).menu;

export function desiredProfile(): Record<string, unknown> {
  const vi = strings('vi');
  const en = strings('en');
  const menu = (s: MessengerStrings, locale: string) => ({
    locale,
    composer_input_disabled: false,
    call_to_actions: [
      { type: 'postback', title: s.menuQuestions, payload: PAYLOAD.questions },
      { type: 'postback', title: s.menuStaff, payload: PAYLOAD.askStaff },
      // the union's current news and programmes, shown only when tapped (nothing is pushed: issue 16 item 5)
      { type: 'postback', title: newsMenuTitle(locale === 'en_US' ? 'en' : 'vi'), payload: PAYLOAD.news },
      { type: 'postback', title: s.menuHelp, payload: PAYLOAD.help },
    ],
  });
  const ice = (s: MessengerStrings, locale: string) => ({
    locale,
    call_to_actions: s.iceBreakers.map(([question, entryId]) => ({ question, payload: `${PAYLOAD.entry}${entryId}` })),
  });
  return {
    get_started: { payload: PAYLOAD.getStarted },
    greeting: [
      { locale: 'default', text: vi.greeting },
      { locale: 'en_US', text: en.greeting },
    ],
    persistent_menu: [menu(vi, 'default'), menu(en, 'en_US')],
    ice_breakers: [ice(vi, 'default'), ice(en, 'en_US')],
  };
}

/** Limits Meta documents (greeting 160 characters, menu titles 30, ice-breaker questions 80). */
export function profileProblems(profile: Record<string, unknown>, entryIds: Set<string>): string[] {
  const problems: string[] = [];
  for (const g of profile.greeting as { locale: string; text: string }[])
    if ([...g.text].length > 160) problems.push(`greeting (${g.locale}) is longer than 160 characters`);
  for (const m of profile.persistent_menu as { call_to_actions: { title: string }[] }[])
    for (const a of m.call_to_actions) if ([...a.title].length > 30) problems.push(`menu title "${a.title}" is longer than 30 characters`);
  for (const i of profile.ice_breakers as { call_to_actions: { question: string; payload: string }[] }[]) {
    for (const a of i.call_to_actions) {
      if ([...a.question].length > 80) problems.push(`ice breaker "${a.question}" is longer than 80 characters`);
      const id = a.payload.slice(PAYLOAD.entry.length);
      if (!entryIds.has(id)) problems.push(`ice breaker "${a.question}" points to unknown or unpublished entry "${id}"`);
    }
  }
  return problems;
}

/** Fields whose current value differs from the desired one. */
export function changedFields(current: Record<string, unknown>, desired: Record<string, unknown>): string[] {
  return Object.keys(desired).filter((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(desired[k]));
}
