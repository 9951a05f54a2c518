import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Observable, catchError, filter, map, of, switchMap, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import { BillsApi } from '../../core/api/bills.api';
import { Association, BillSummary, Payment } from '../../core/api/models';
import { AuthService } from '../../core/auth/auth.service';
import { saveBlob } from '../../core/download';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import { AdjustmentDialogComponent } from './adjustment-dialog.component';
import { EmailDialogComponent, EmailDialogData } from './email-dialog.component';
import { PaymentDialogComponent } from './payment-dialog.component';

/**
 * The bill's actions, shared by the list's three-dot menu and the detail page. Each returns an
 * Observable that emits `true` once something changed (so the caller reloads) and completes.
 */
@Injectable({ providedIn: 'root' })
export class BillActions {
  private readonly dialog = inject(MatDialog);
  private readonly bills = inject(BillsApi);
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);

  canPay(bill: BillSummary): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid' && bill.balanceMinor > 0;
  }
  /** Unpaid bills, and bills that are paid only because nothing was due (a zero bill): no payment to reverse. */
  canAdjust(bill: BillSummary): boolean {
    return this.auth.canWrite() && (bill.status === 'unpaid' || (bill.status === 'paid' && bill.paidMinor === 0));
  }
  canEmail(bill: BillSummary): boolean {
    return this.auth.canWrite() && bill.status !== 'void';
  }
  canVoid(bill: BillSummary): boolean {
    return this.auth.canWrite() && bill.status === 'unpaid';
  }

  confirmPayment(bill: BillSummary): Observable<boolean> {
    return this.dialog
      .open<PaymentDialogComponent, BillSummary, boolean>(PaymentDialogComponent, { data: bill, width: '480px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`Payment recorded on ${bill.number}`)),
      );
  }

  addCharges(bill: BillSummary): Observable<boolean> {
    return this.dialog
      .open<AdjustmentDialogComponent, BillSummary, boolean>(AdjustmentDialogComponent, { data: bill, width: '520px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(
        map(Boolean),
        filter(Boolean),
        tap(() => this.notify.ok(`Adjustment added to ${bill.number}`)),
      );
  }

  /** Fetches the PDF with the token (a plain link would carry no Authorization header) and saves it. */
  download(bill: BillSummary): Observable<boolean> {
    return this.bills.pdf(bill.id).pipe(
      tap((blob) => saveBlob(blob, `${bill.number || 'bill'}.pdf`)),
      map(() => false),
      catchError((err: unknown) => {
        this.notify.error(err, 'The PDF could not be downloaded');
        return of(false);
      }),
    );
  }

  emailInvoice(bill: BillSummary): Observable<boolean> {
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

  void(bill: BillSummary): Observable<boolean> {
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

  reversePayment(bill: BillSummary, payment: Payment): Observable<boolean> {
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

  /**
   * The invoice recipients to prefill: `bill.recipients` when the API sends them (list or detail),
   * else those of the department's association on the bill's plan (`GET /associations?departmentId=`).
   */
  private recipientsOf(bill: BillSummary): Observable<string[]> {
    if (bill.recipients?.length) return of(bill.recipients);
    return this.bills.get(bill.id).pipe(
      switchMap((detail) => {
        if (detail.recipients?.length) return of(detail.recipients);
        return this.api.all<Association>('/associations', { departmentId: bill.department.id }, 2).pipe(
          map((list) => {
            const onPlan = list.filter((a) => !a.planId || a.planId === bill.plan?.id);
            const chosen = onPlan.find((a) => !a.endedAt) ?? onPlan[0] ?? list[0];
            return chosen?.recipients ?? [];
          }),
        );
      }),
      catchError(() => of([] as string[])),
    );
  }
}
