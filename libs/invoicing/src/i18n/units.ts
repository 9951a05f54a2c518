/**
 * Quantities with their unit in words, in the invoice's language: "4 hours", "1 hour", "2.5 hours";
 * "4 Stunden", "1 Stunde"; "1,5 heure" (French takes the singular below 2); "4 uur" (Dutch keeps the
 * singular for a unit of time). The form is chosen by `Intl.PluralRules` for the number as it is printed
 * (the same fraction digits), never by `quantity === 1`.
 */
import { invoiceLocale, type InvoiceLanguage } from './languages';

/** The units bills count in (`@app/billing`'s BillLineUnit); `item`: the one line of a correction. */
export type InvoiceUnit = 'session' | 'hour' | 'device' | 'item';

/** A unit's word in each plural category the language uses; a category without its own word takes `other`. */
type UnitForms = { one: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

const UNIT_WORDS: Readonly<Record<InvoiceLanguage, Readonly<Record<InvoiceUnit, UnitForms>>>> = {
  en: {
    session: { one: 'session', other: 'sessions' },
    hour: { one: 'hour', other: 'hours' },
    device: { one: 'device', other: 'devices' },
    item: { one: 'item', other: 'items' },
  },
  de: {
    session: { one: 'Sitzung', other: 'Sitzungen' },
    hour: { one: 'Stunde', other: 'Stunden' },
    device: { one: 'Gerät', other: 'Geräte' },
    item: { one: 'Stück', other: 'Stück' },
  },
  fr: {
    session: { one: 'session', other: 'sessions' },
    hour: { one: 'heure', other: 'heures' },
    device: { one: 'appareil', other: 'appareils' },
    item: { one: 'unité', other: 'unités' },
  },
  es: {
    session: { one: 'sesión', other: 'sesiones' },
    hour: { one: 'hora', other: 'horas' },
    device: { one: 'dispositivo', other: 'dispositivos' },
    item: { one: 'unidad', other: 'unidades' },
  },
  nl: {
    session: { one: 'sessie', other: 'sessies' },
    hour: { one: 'uur', other: 'uur' },
    device: { one: 'apparaat', other: 'apparaten' },
    item: { one: 'stuk', other: 'stuks' },
  },
  it: {
    session: { one: 'sessione', other: 'sessioni' },
    hour: { one: 'ora', other: 'ore' },
    device: { one: 'dispositivo', other: 'dispositivi' },
    item: { one: 'unità', other: 'unità' },
  },
};

/** Quantities print with up to 6 decimals (hours are fractional); plural rules see the same digits. */
const QUANTITY_DIGITS = { maximumFractionDigits: 6 } as const;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (!value) cache.set(locale, (value = make()));
  return value;
}

function isUnit(unit: string): unit is InvoiceUnit {
  return unit === 'session' || unit === 'hour' || unit === 'device' || unit === 'item';
}

/** A quantity as the locale writes it (`12.5`, `12,5`), up to 6 decimals. */
export function formatQuantity(quantity: number, locale: string): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale, QUANTITY_DIGITS)).format(quantity);
}

/** The word for `unit` that goes with `quantity` ("hour" / "hours"); a unit we do not know is printed as given. */
export function unitWord(unit: string, quantity: number, language: InvoiceLanguage, locale = invoiceLocale(language)): string {
  if (!isUnit(unit)) return unit;
  const forms = UNIT_WORDS[language][unit];
  const rule = cached(pluralRules, locale, () => new Intl.PluralRules(locale, QUANTITY_DIGITS)).select(quantity);
  return forms[rule] ?? forms.other;
}

/** "12.5 hours", "1 Stunde", "3 appareils". */
export function quantityWithUnit(quantity: number, unit: string, language: InvoiceLanguage, locale = invoiceLocale(language)): string {
  const word = unitWord(unit, quantity, language, locale);
  const number = formatQuantity(quantity, locale);
  return word ? `${number} ${word}` : number;
}
