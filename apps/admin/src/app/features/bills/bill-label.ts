import { HttpErrorResponse } from '@angular/common/http';
import type { BillListItemView } from '@app/contracts';
import { errorCode, errorMessage } from '../../core/errors';
import { formatPeriod } from '../../core/format';

/** What naming a bill needs: its number (null on a draft), customer and period. */
type Named = Pick<BillListItemView, 'number' | 'department' | 'periodStart' | 'periodEnd' | 'timeZone'>;

/** Where a bill number is shown: the number once issued; a draft, which has none yet, is "Draft". */
export function billNumberText(bill: Pick<Named, 'number'>): string {
  return bill.number ?? 'Draft';
}

/** A bill in a sentence: "INV-000042", or "the draft for Initech" (a draft is numbered when it is issued). */
export function billName(bill: Pick<Named, 'number' | 'department'>): string {
  return bill.number ?? `the draft for ${bill.department.name}`;
}

/** A sentence's first words: "INV-000042", "The draft for Initech". */
export function billNameCapitalized(bill: Pick<Named, 'number' | 'department'>): string {
  const name = billName(bill);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A downloaded PDF's file name: `INV-000042.pdf`, `draft-initech-2026-01-31.pdf`. */
export function billFileName(bill: Pick<Named, 'number' | 'department'> & { issueDate: string }): string {
  if (bill.number) return `${bill.number}.pdf`;
  const customer = bill.department.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `draft-${customer || 'bill'}-${bill.issueDate}.pdf`;
}

/** "Initech, 1 Jan 2026 – 31 Jan 2026": a draft named for a list of results. */
export function draftTitle(bill: Named): string {
  return `${bill.department.name}, ${formatPeriod(bill.periodStart, bill.periodEnd, bill.timeZone)}`;
}

/**
 * Why approving, refreshing or discarding a draft failed, as a sentence: issued meanwhile (409 BILL_NOT_DRAFT, by the
 * review window's end or another person), discarded meanwhile (404), or the API's own message.
 */
export function draftFailure(err: unknown, fallback: string): string {
  if (errorCode(err) === 'BILL_NOT_DRAFT') return 'It is no longer a draft: it was issued meanwhile.';
  if (errorCode(err) === 'NOT_FOUND' || (err instanceof HttpErrorResponse && err.status === 404))
    return 'It no longer exists: it was discarded meanwhile.';
  return errorMessage(err, fallback);
}
