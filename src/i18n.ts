/** Every fixed phrase the bot says comes from locales/<lang>/translation.json through i18next. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export type Locale = 'vi' | 'en';
export const LOCALES: Locale[] = ['vi', 'en'];

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');

function readLocale(locale: Locale): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(localesDir, locale, 'translation.json'), 'utf8')) as Record<string, unknown>;
}

const instance = i18next.createInstance();
// Resources are given inline, so initialisation is synchronous (initAsync: false).
void instance.init({
  lng: 'vi',
  fallbackLng: 'vi',
  supportedLngs: LOCALES,
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: readLocale(l) }])),
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
} as Parameters<typeof instance.init>[0]);

export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

export function localeResources(locale: Locale): Record<string, unknown> {
  return readLocale(locale);
}
