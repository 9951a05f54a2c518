import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { BillDetailView, BillListItemView, PaymentView } from '@app/contracts';
import { Observable, catchError, filter, map, of, switchMap, tap } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { AuthService } from '../../core/auth/auth.service';
import { saveBlob } from '../../core/download';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import { AdjustmentDialogComponent } from './adjustment-dialog.component';
import { EmailDialogComponent, EmailDialogData } from './email-dialog.component';
import { PaymentDialogComponent } from './payment-dialog.component';

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
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);

  canPay(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid' && bill.balanceMinor > 0;
  }
  /** Unpaid bills, and bills that are paid only because nothing was due (a zero bill): no payment to reverse. */
  canAdjust(bill: ShownBill): boolean {
    return this.auth.canWrite() && (bill.status === 'unpaid' || (bill.status === 'paid' && bill.paidMinor === 0));
  }
  canEmail(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status !== 'void';
  }
  canVoid(bill: ShownBill): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid';
  }

  confirmPayment(bill: ShownBill): Observable<boolean> {
    return this.dialog
      .open<PaymentDialogComponent, ShownBill, boolean>(PaymentDialogComponent, { data: bill, width: '480px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`Payment recorded on ${bill.number}`)),
      );
  }

  addCharges(bill: ShownBill): Observable<boolean> {
    return this.dialog
      .open<AdjustmentDialogComponent, ShownBill, boolean>(AdjustmentDialogComponent, { data: bill, width: '520px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`Adjustment added to ${bill.number}`)),
      );
  }

  /** Fetches the PDF with the token (a plain link would carry no Authorization header) and saves it. */
  download(bill: ShownBill): Observable<boolean> {
    return this.bills.pdf(bill.id).pipe(
      tap((blob) => saveBlob(blob, `${bill.number || 'bill'}.pdf`)),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.error(err, 'The PDF could not be downloaded');
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
      tap(() => this.notify.ok(`Invoice ${bill.number} queued for e-mail`)),
    );
  }

  void(bill: ShownBill): Observable<boolean> {
    return confirmAction(this.dialog, {
      title: `Void ${bill.number}`,
      message: 'A void bill takes no payments or adjustments and no longer counts as outstanding. This can not be undone.',
      confirmLabel: 'Void bill',
      danger: true,
      reasonLabel: 'Reason',
    }).pipe(
      filter((reason): reason is string => reason !== null),
      switchMap((reason) => this.bills.void(bill.id, reason)),
      map(() => true),
      tap(() => this.notify.ok(`${bill.number} is void`)),
      catchError((err: unknown) => {
        this.notify.error(err, 'The bill could not be voided');
        return of(false);
      }),
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

  /** The invoice recipients to prefill: the bill's own (the detail has them; a list item is read in full first). */
  private recipientsOf(bill: ShownBill): Observable<string[]> {
    if ('recipients' in bill) return of(bill.recipients);
    return this.bills.get(bill.id).pipe(
      map((detail) => detail.recipients),
      catchError(() => of([] as string[])),
    );
  }
}
