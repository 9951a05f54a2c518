/**
 * What a bill line is, in the invoice's language, from its `kind` (the English `description` the billing run
 * stored is not translated). A device line of a short period keeps its proration, read from the description the
 * billing run writes ("Unattended devices, prorated to 46.7742 % of the period", `@app/billing` rating.ts). A line
 * of a kind we do not know prints its own description; so does a correction's one line (`correction`: the admin's text).
 */
import { formatPercent } from '@app/billing';
import type { InvoiceLanguage } from './languages';

type KnownKind = 'sessions' | 'hours' | 'devices' | 'late_usage';

interface LineTexts {
  kinds: Record<KnownKind, string>;
  /** the device line of a short period; `percent` is formatted already ("46,7742 %") */
  proratedDevices(percent: string): string;
}

const LINE_TEXTS: Readonly<Record<InvoiceLanguage, LineTexts>> = {
  en: {
    kinds: {
      sessions: 'Remote sessions',
      hours: 'Session hours',
      devices: 'Unattended devices',
      late_usage: 'Late usage from earlier periods',
    },
    proratedDevices: (p) => `Unattended devices, prorated to ${p} of the period`,
  },
  de: {
    kinds: {
      sessions: 'Fernwartungssitzungen',
      hours: 'Sitzungsstunden',
      devices: 'Unbeaufsichtigte Geräte',
      late_usage: 'Nachträgliche Nutzung aus früheren Zeiträumen',
    },
    proratedDevices: (p) => `Unbeaufsichtigte Geräte, anteilig ${p} des Zeitraums`,
  },
  fr: {
    kinds: {
      sessions: 'Sessions à distance',
      hours: 'Heures de session',
      devices: 'Appareils sans surveillance',
      late_usage: 'Utilisation tardive de périodes antérieures',
    },
    proratedDevices: (p) => `Appareils sans surveillance, au prorata de ${p} de la période`,
  },
  es: {
    kinds: {
      sessions: 'Sesiones remotas',
      hours: 'Horas de sesión',
      devices: 'Dispositivos desatendidos',
      late_usage: 'Uso tardío de periodos anteriores',
    },
    proratedDevices: (p) => `Dispositivos desatendidos, prorrateados al ${p} del periodo`,
  },
  nl: {
    kinds: {
      sessions: 'Sessies op afstand',
      hours: 'Sessie-uren',
      devices: 'Onbeheerde apparaten',
      late_usage: 'Nagekomen gebruik uit eerdere periodes',
    },
    proratedDevices: (p) => `Onbeheerde apparaten, naar rato van ${p} van de periode`,
  },
  it: {
    kinds: {
      sessions: 'Sessioni remote',
      hours: 'Ore di sessione',
      devices: 'Dispositivi non presidiati',
      late_usage: 'Utilizzo tardivo di periodi precedenti',
    },
    proratedDevices: (p) => `Dispositivi non presidiati, in proporzione al ${p} del periodo`,
  },
};

const PRORATED = /prorated to (\d{1,3}(?:\.\d{1,4})?) %/;

function isKnownKind(kind: string): kind is KnownKind {
  return kind === 'sessions' || kind === 'hours' || kind === 'devices' || kind === 'late_usage';
}

/** The line's text in `language`; `locale` formats a proration percent. */
export function lineDescription(line: { kind: string; description: string }, language: InvoiceLanguage, locale: string): string {
  if (!isKnownKind(line.kind)) return line.description;
  const texts = LINE_TEXTS[language];
  const prorated = line.kind === 'devices' ? PRORATED.exec(line.description) : null;
  return prorated ? texts.proratedDevices(formatPercent(prorated[1], locale)) : texts.kinds[line.kind];
}
