import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { BillDetailView, BillListItemView, CorrectionView, DiscardedView, PaymentView } from '@app/contracts';
import { Observable, catchError, filter, map, of, switchMap, tap } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { CorrectionsApi } from '../../core/api/corrections.api';
import { AuthService } from '../../core/auth/auth.service';
import { saveBlob } from '../../core/download';
import { EInvoiceFormat, einvoiceFailure, einvoiceFallbackName } from '../../core/einvoices';
import { showMoney } from '../../core/money';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import { AdjustmentDialogComponent } from './adjustment-dialog.component';
import { EmailDialogComponent, EmailDialogData } from './email-dialog.component';
import { PaymentDialogComponent } from './payment-dialog.component';
import { billFileName, billName, billNameCapitalized, draftFailure } from './bill-label';
import { correctionName, correctionTypeLabel, isIssued, upcomingNumber } from './corrections';

/** A bill as a page has it: a list item or the detail (both carry the summary the actions need). */
export type ShownBill = BillListItemView | BillDetailView;

/**
 * The bill's actions, shared by the list's three-dot menu and the detail page. Each returns an
 * Observable that emits `true` once something changed (so the caller reloads) and completes.
 */
@Injectable({ providedIn: 'root' })
export class BillActions {
  private readonly dialog = inject(MatDialog);
  private readonly bills = inject(BillsApi);
  private readonly corrections = inject(CorrectionsApi);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);

  canPay(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid' && bill.balanceMinor > 0;
  }
  /**
   * Drafts, unpaid bills, and bills that are paid only because nothing was due (a zero bill): no payment to reverse.
   */
  canAdjust(bill: ShownBill): boolean {
    return (
      this.auth.canWrite() && (bill.status === 'draft' || bill.status === 'unpaid' || (bill.status === 'paid' && bill.paidMinor === 0))
    );
  }
  /** Issued bills that are not void: a draft is e-mailed once it is issued (409 BILL_DRAFT before). */
  canEmail(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status !== 'void' && bill.status !== 'draft';
  }
  /** A credit note or supplementary invoice is e-mailed whatever its bill's state (the cancelling one of a void bill too). */
  canEmailCorrection(): boolean {
    return this.auth.canWrite();
  }
  canVoid(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid';
  }
  /**
   * Download e-invoice: an issued bill (a void one too: its invoice was issued) of a customer with an e-invoice format;
   * the other formats are offered beside the customer's.
   */
  canDownloadEInvoice(bill: ShownBill): boolean {
    return bill.status !== 'draft' && bill.einvoiceFormat !== 'none';
  }
  /** Approve, Refresh, Discard: a draft under review (409 BILL_NOT_DRAFT once issued). */
  canReview(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status === 'draft';
  }

  confirmPayment(bill: ShownBill): Observable<boolean> {
    return this.dialog
      .open<PaymentDialogComponent, ShownBill, boolean>(PaymentDialogComponent, { data: bill, width: '480px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`Payment recorded on ${billName(bill)}`)),
      );
  }

  /**
   * Add Charges. An issued bill is read in full first when the list gave only its summary: the dialog computes the
   * credit note or supplementary invoice from the bill's tax rates (without them it states the net only).
   */
  addCharges(bill: ShownBill): Observable<boolean> {
    const full: Observable<ShownBill> =
      isIssued(bill) && !('taxRates' in bill) ? this.bills.get(bill.id).pipe(catchError(() => of(bill))) : of(bill);
    return full.pipe(
      switchMap((shown) =>
        this.dialog
          .open<AdjustmentDialogComponent, ShownBill, BillDetailView>(AdjustmentDialogComponent, {
            data: shown,
            width: '560px',
            maxWidth: '96vw',
          })
          .afterClosed()
          .pipe(map((answer) => (answer ? { shown, answer } : null))),
      ),
      filter((done): done is { shown: ShownBill; answer: BillDetailView } => !!done),
      tap(({ shown, answer }) => {
        const issued = newCorrection(shown, answer);
        this.notify.ok(
          issued ? `${capitalize(correctionName(issued))} issued for ${billName(bill)}` : `Adjustment added to ${billName(bill)}`,
        );
      }),
      map(() => true),
    );
  }

  /** Fetches the PDF with the token (a plain link would carry no Authorization header) and saves it. */
  download(bill: ShownBill): Observable<boolean> {
    return this.bills.pdf(bill.id).pipe(
      tap((blob) => saveBlob(blob, billFileName(bill))),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.error(err, 'The PDF could not be downloaded');
        return of(false);
      }),
    );
  }

  /**
   * The issued bill as an e-invoice in `format`, saved under the API's file name (`INV-000001-peppol.xml`). The
   * customer's own format is asked without `?format=` (the API's default). A refusal (409 with the problems) is said
   * in full.
   */
  downloadEInvoice(bill: ShownBill, format: EInvoiceFormat): Observable<boolean> {
    const asked = format === bill.einvoiceFormat ? null : format;
    return this.bills.einvoice(bill.id, asked, einvoiceFallbackName(bill.number, format)).pipe(
      tap(({ blob, fileName }) => saveBlob(blob, fileName)),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.failure(einvoiceFailure(err, billName(bill), format));
        return of(false);
      }),
    );
  }

  /** A credit note or supplementary invoice as an e-invoice, as `downloadEInvoice` (`own`: its customer's format). */
  downloadCorrectionEInvoice(correction: CorrectionView, format: EInvoiceFormat, own: ShownBill['einvoiceFormat']): Observable<boolean> {
    const asked = format === own ? null : format;
    return this.corrections.einvoice(correction.id, asked, einvoiceFallbackName(correction.number, format)).pipe(
      tap(({ blob, fileName }) => saveBlob(blob, fileName)),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.failure(einvoiceFailure(err, correction.number, format));
        return of(false);
      }),
    );
  }

  emailInvoice(bill: ShownBill): Observable<boolean> {
    return this.recipientsOf(bill).pipe(
      switchMap((recipients) =>
        this.dialog
          .open<EmailDialogComponent, EmailDialogData, boolean>(EmailDialogComponent, {
            data: { bill, recipients },
            width: '560px',
            maxWidth: '96vw',
          })
          .afterClosed(),
      ),
      map(Boolean),
      filter(Boolean),
      tap(() => this.notify.ok(`Invoice ${billName(bill)} queued for e-mail`)),
    );
  }

  /**
   * Void, with a reason: the issued invoice is not changed, a credit note for what is still open on it cancels it
   * (the dialog says so, with the amount).
   */
  void(bill: ShownBill): Observable<boolean> {
    const open = bill.balanceMinor;
    const creditNote =
      open > 0
        ? `${bill.number ?? 'The bill'} is issued and can not change: voiding it issues a credit note (numbered ` +
          `${upcomingNumber(bill, 'credit_note')}) for the open amount of ${showMoney(open, bill.currency)}, which cancels it. `
        : '';
    const payments = bill.paidMinor > 0 ? 'It has payments: reverse them first, a bill with payments is not voided. ' : '';
    return confirmAction(this.dialog, {
      title: `Void ${billName(bill)}`,
      message: `${creditNote}${payments}A void bill takes no payments or adjustments and no longer counts as outstanding. This can not be undone.`,
      confirmLabel: 'Void bill',
      danger: true,
      reasonLabel: 'Reason',
    }).pipe(
      filter((reason): reason is string => reason !== null),
      switchMap((reason) => this.bills.void(bill.id, reason)),
      tap((answer) => {
        const cancelling = answer.corrections.find((c) => c.cause === 'void');
        this.notify.ok(`${billNameCapitalized(bill)} is void${cancelling ? `: ${correctionName(cancelling)} cancels it` : ''}`);
      }),
      map(() => true),
      catchError((err: unknown) => {
        this.notify.error(err, 'The bill could not be voided');
        return of(false);
      }),
    );
  }

  /**
   * Approve: issues the draft now (the next number, dated today, due its due days later), after a confirmation, since
   * an issued invoice is final. Emits `true` also when it was issued or discarded meanwhile (the page shows what is).
   */
  approve(bill: ShownBill): Observable<boolean> {
    return confirmAction(this.dialog, {
      title: `Approve ${billName(bill)}`,
      message:
        'It is issued now: it gets the next invoice number and today as its issue date, and its due date follows from ' +
        'there. An issued invoice is final: it is no longer refreshed or discarded.',
      confirmLabel: 'Approve and issue',
    }).pipe(
      filter((reason) => reason !== null),
      switchMap(() => this.bills.approve(bill.id)),
      tap((issued) => this.notify.ok(`Issued as ${issued.number ?? 'a numbered invoice'}`)),
      map(() => true),
      catchError((err: unknown) => this.draftError(err, bill, 'The draft could not be approved')),
    );
  }

  /** Refresh: the draft made again from current usage and data (late sessions join it); its adjustments stay. */
  refresh(bill: ShownBill): Observable<boolean> {
    return this.bills.refresh(bill.id).pipe(
      tap((fresh) =>
        this.notify.ok(
          fresh.totalMinor === bill.totalMinor
            ? `Draft refreshed: total unchanged at ${showMoney(fresh.totalMinor, fresh.currency)}`
            : `Draft refreshed: total ${showMoney(bill.totalMinor, bill.currency)} → ${showMoney(fresh.totalMinor, fresh.currency)}`,
        ),
      ),
      map(() => true),
      catchError((err: unknown) => this.draftError(err, bill, 'The draft could not be refreshed')),
    );
  }

  /**
   * Discard, with a reason (kept in the audit trail): the draft is deleted and its sessions go to the customer's next
   * bill. Emits the API's answer, or null when refused (the refusal is shown); nothing when cancelled.
   */
  discard(bill: ShownBill): Observable<DiscardedView | null> {
    return confirmAction(this.dialog, {
      title: `Discard ${billName(bill)}`,
      message:
        'The draft is deleted and never issued; its sessions are billed again with the next bill of this customer. ' +
        'The reason stays in the audit trail.',
      confirmLabel: 'Discard draft',
      danger: true,
      reasonLabel: 'Reason',
    }).pipe(
      filter((reason): reason is string => reason !== null),
      switchMap((reason) => this.bills.discard(bill.id, reason)),
      tap((done) =>
        this.notify.ok(
          done.sessionsReleased === 0
            ? 'Draft discarded'
            : `Draft discarded: ${done.sessionsReleased} session${done.sessionsReleased === 1 ? '' : 's'} go${done.sessionsReleased === 1 ? 'es' : ''} to the customer's next bill`,
        ),
      ),
      catchError((err: unknown) => {
        this.notify.failure(`${billNameCapitalized(bill)} was not discarded. ${draftFailure(err, 'The draft could not be discarded')}`);
        return of(null);
      }),
    );
  }

  /** The archived PDF of a credit note or supplementary invoice, saved as `CN-000001.pdf`. */
  downloadCorrection(correction: CorrectionView): Observable<boolean> {
    return this.corrections.pdf(correction.id).pipe(
      tap((blob) => saveBlob(blob, `${correction.number}.pdf`)),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.error(err, `The PDF of ${correction.number} could not be downloaded`);
        return of(false);
      }),
    );
  }

  /** E-mails a credit note or supplementary invoice (its PDF attached) to the bill's recipients, prefilled. */
  emailCorrection(bill: BillDetailView, correction: CorrectionView): Observable<boolean> {
    return this.dialog
      .open<EmailDialogComponent, EmailDialogData, boolean>(EmailDialogComponent, {
        data: { bill, recipients: bill.recipients, correction },
        width: '560px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`${correctionTypeLabel(correction.type)} ${correction.number} queued for e-mail`)),
      );
  }

  reversePayment(bill: ShownBill, payment: PaymentView): Observable<boolean> {
    return confirmAction(this.dialog, {
      title: 'Reverse payment',
      message: 'The payment stays in the history as reversed and the balance goes back up.',
      confirmLabel: 'Reverse',
      danger: true,
      reasonLabel: 'Reason',
    }).pipe(
      filter((reason): reason is string => reason !== null),
      switchMap((reason) => this.bills.reversePayment(bill.id, payment.id, reason)),
      map(() => true),
      tap(() => this.notify.ok('Payment reversed')),
      catchError((err: unknown) => {
        this.notify.error(err, 'The payment could not be reversed');
        return of(false);
      }),
    );
  }

  /** A refused draft action as a sentence; `true`: the page reloads (it may have been issued or discarded meanwhile). */
  private draftError(err: unknown, bill: ShownBill, fallback: string): Observable<boolean> {
    this.notify.failure(`${billNameCapitalized(bill)}: ${draftFailure(err, fallback)}`);
    return of(true);
  }

  /** The invoice recipients to prefill: the bill's own (the detail has them; a list item is read in full first). */
  private recipientsOf(bill: ShownBill): Observable<string[]> {
    if ('recipients' in bill) return of(bill.recipients);
    return this.bills.get(bill.id).pipe(
      map((detail) => detail.recipients),
      catchError(() => of([] as string[])),
    );
  }
}

/** The correction the answer has and the bill as shown had not: what the action just issued (null: none). */
function newCorrection(before: ShownBill, after: BillDetailView): CorrectionView | null {
  const known = new Set('corrections' in before ? before.corrections.map((c) => c.id) : []);
  const issued = (after.corrections ?? []).filter((c) => !known.has(c.id));
  return issued.length ? issued[issued.length - 1] : null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
