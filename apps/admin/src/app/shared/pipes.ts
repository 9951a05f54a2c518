import { Pipe, PipeTransform } from '@angular/core';
import { formatDay, formatInstant, formatInstantDay, formatPeriod, humanize } from '../core/format';
import { Minor, showMoney } from '../core/money';

/** `{{ bill.totalMinor | money: bill.currency }}` */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  transform(minor: Minor | null | undefined, currency: string | null | undefined): string {
    return currency ? showMoney(minor, currency) : '—';
  }
}

/** `{{ bill.issueDate | day }}` for `YYYY-MM-DD` calendar days. */
@Pipe({ name: 'day' })
export class DayPipe implements PipeTransform {
  transform(day: string | null | undefined): string {
    return formatDay(day);
  }
}

/** `{{ session.startedAt | instant }}` (date and time), `{{ x | instant: 'day' }}` (local day). */
@Pipe({ name: 'instant' })
export class InstantPipe implements PipeTransform {
  transform(iso: string | null | undefined, style: 'datetime' | 'day' = 'datetime'): string {
    return style === 'day' ? formatInstantDay(iso) : formatInstant(iso);
  }
}

/** `{{ bill | period }}`: `[periodStart, periodEnd)` as local days, last day inclusive. */
@Pipe({ name: 'period' })
export class PeriodPipe implements PipeTransform {
  transform(bill: { periodStart: string; periodEnd: string; timeZone?: string } | null | undefined): string {
    return bill ? formatPeriod(bill.periodStart, bill.periodEnd, bill.timeZone) : '—';
  }
}

@Pipe({ name: 'humanize' })
export class HumanizePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return humanize(value);
  }
}
