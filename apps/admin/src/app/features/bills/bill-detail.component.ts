import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  WritableSignal,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import { formatPercent } from '@app/billing';
import type {
  AdjustmentView,
  AuditEventView,
  BillDetailView,
  BillingAddressView,
  CorrectionView,
  EmailDeliveryView,
  PaymentView,
} from '@app/contracts';
import { Observable, catchError, forkJoin, of, switchMap } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { einvoiceChoices } from '../../core/einvoices';
import { errorMessage } from '../../core/errors';
import { browserLocale } from '../../core/money';
import { reminderLabel } from '../../core/reminders';
import { billRateVersionsText } from '../../core/rate-rules';
import { percentText, taxCategoryText, taxTreatmentLabel } from '../../core/taxes';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { DayPipe, HumanizePipe, InstantPipe, MoneyPipe, PeriodPipe } from '../../shared/pipes';
import { BillKindTagComponent } from '../../shared/bill-kind-tag.component';
import { StatusChipComponent } from '../../shared/status-chip.component';
import { BillActions } from './bill-actions';
import { subtotalLabel } from './charge-details';
import { AuditContext, auditActor, auditDetails, auditSentence } from './audit';
import { billNumberText } from './bill-label';
import { correctionTypeLabel } from './corrections';
import { EInvoiceProblemsComponent } from './einvoice-problems.component';

/**
 * `/bills/:id`: header, address, lines, adjustments, the credit notes and supplementary invoices issued for it after
 * issue (an issued invoice never changes: the totals show the invoice, + supplementary, − credited, − paid, = balance
 * due), payments, e-mail deliveries and the audit trail. A draft shows
 * its review (issued automatically when it ends) with Approve, Refresh and Discard; it takes charges and downloads
 * (the PDF says DRAFT), but no payment, e-mail or void until it is issued. When the customer has an e-invoice format, the
 * page warns of what keeps the bill from becoming one, and an issued bill and its corrections download it (in any format).
 */
@Component({
  selector: 'app-bill-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatTableModule,
    MatMenuModule,
    PageStateComponent,
    IconComponent,
    StatusChipComponent,
    BillKindTagComponent,
    MoneyPipe,
    DayPipe,
    InstantPipe,
    PeriodPipe,
    HumanizePipe,
    EInvoiceProblemsComponent,
  ],
  templateUrl: './bill-detail.component.html',
  styleUrl: './bill-detail.component.scss',
})
export class BillDetailComponent {
  readonly id = input.required<string>();

  private readonly api = inject(BillsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly router = inject(Router);
  protected readonly actions = inject(BillActions);
  protected readonly numberText = billNumberText;
  /** The e-invoice formats a download offers, the customer's first. */
  protected readonly einvoiceChoices = einvoiceChoices;

  protected readonly bill = signal<BillDetailView | null>(null);
  protected readonly emails = signal<EmailDeliveryView[]>([]);
  protected readonly audit = signal<AuditEventView[]>([]);
  protected readonly emailsError = signal<string | null>(null);
  protected readonly auditError = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  protected readonly lineColumns = ['description', 'quantity', 'unit', 'amount'];
  protected readonly adjustmentColumns = ['createdAt', 'type', 'value', 'reason', 'author', 'amount'];
  protected readonly correctionColumns = ['type', 'number', 'reason', 'net', 'tax', 'total', 'actions'];
  protected readonly correctionType = correctionTypeLabel;
  protected readonly paymentColumns = ['paidAt', 'method', 'reference', 'status', 'amount', 'actions'];
  protected readonly emailColumns = ['createdAt', 'kind', 'to', 'status', 'attempts', 'sentAt', 'lastError'];
  /** "Reminder 1 — 3 days before due", "Reminder 2 — on the due date", "Credit note CN-000001", "Invoice". */
  protected readonly emailKind = (e: EmailDeliveryView): string => {
    if (e.kind === 'reminder') return reminderLabel(e.reminderStep, e.reminderOffsetDays);
    const correction = this.emailCorrection(e);
    return correction ? `${correctionTypeLabel(correction.type)} ${correction.number}` : 'Invoice';
  };
  protected readonly statusMeaning = (status: EmailDeliveryView['status']): string => EMAIL_STATUS_MEANINGS[status];
  protected readonly taxColumns = ['name', 'category', 'rate', 'base', 'amount'];
  protected readonly treatmentLabel = taxTreatmentLabel;
  protected readonly categoryText = taxCategoryText;
  protected readonly percent = percentText;
  /** What a treatment that does not charge the rates means, as the invoice notes it (with the customer's reason). */
  protected readonly taxNote = computed(() => {
    const b = this.bill();
    if (!b) return null;
    const reason = b.taxExemptionReason ? ` ${b.taxExemptionReason}` : '';
    switch (b.taxTreatment) {
      case 'reverse_charge':
        return (
          `Reverse charge: no VAT is charged; the customer accounts for it` +
          `${b.buyer.vatId ? ` (customer VAT ID ${b.buyer.vatId})` : ''}.${reason}`
        );
      case 'exempt':
        return `Exempt from tax.${reason || ' (no reason recorded)'}`;
      case 'export':
        return `Export outside the tax area: zero-rated.${reason}`;
      default:
        return null;
    }
  });
  /** The subtotal is the sum of the lines: its label names their kinds ("Subtotal (sessions + devices)"). */
  protected readonly subtotalLabel = subtotalLabel;
  protected readonly auditColumns = ['createdAt', 'sentence'];
  protected readonly auditSentence = auditSentence;
  protected readonly auditDetails = auditDetails;
  /** What the audit sentences may name instead of ids: this bill's number, plan and customer. */
  protected readonly auditContext = computed<AuditContext>(() => {
    const b = this.bill();
    const names = new Map<string, string>();
    const drafts = new Set<string>();
    if (b) {
      if (b.number) names.set(b.id, b.number);
      else drafts.add(b.id);
      names.set(b.plan.id, b.plan.name);
      names.set(b.department.id, b.department.name);
    }
    return { currency: b?.currency, names, drafts, corrections: new Map((b?.corrections ?? []).map((c) => [c.id, c])) };
  });
  /** The plan's rate versions the bill was rated with, in words ("Version 2"; "Version 1 until …, version 2 from …"). */
  protected readonly rateVersions = computed(() => {
    const b = this.bill();
    return b ? billRateVersionsText(b.rateVersions ?? [], b.timeZone) : null;
  });
  /** A draft whose review window has ended: the next billing run issues it. */
  protected readonly reviewEnded = computed(() => {
    const until = this.bill()?.reviewUntil;
    return !!until && Date.parse(until) <= Date.now();
  });

  protected readonly addressLines = computed(() => {
    const b = this.bill();
    if (!b) return [];
    const a = addressOf(b);
    // US and Canadian style "City, ST 12345"; elsewhere the common European "12345 City".
    const cityLine =
      a.country === 'US' || a.country === 'CA'
        ? [[a.city, a.region].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' ')
        : [a.postalCode, a.city].filter(Boolean).join(' ');
    const regionLine = a.country === 'US' || a.country === 'CA' ? a.country : [a.region, a.country].filter(Boolean).join(', ');
    return [a.name, a.line1, a.line2, cityLine, regionLine].filter((l): l is string => !!l);
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  load(id: string = this.id()): void {
    this.loading.set(true);
    this.error.set(null);
    this.emailsError.set(null);
    this.auditError.set(null);
    this.api
      .get(id)
      .pipe(
        switchMap((bill) =>
          forkJoin({
            bill: of(bill),
            emails: this.api.emails(id).pipe(catchError((err: unknown) => this.sectionError<EmailDeliveryView>(err, this.emailsError))),
            audit: this.api
              .audit(
                id,
                [...bill.payments, ...bill.adjustments].map((x) => x.id),
              )
              .pipe(catchError((err: unknown) => this.sectionError<AuditEventView>(err, this.auditError))),
          }),
        ),
      )
      .subscribe({
        next: ({ bill, emails, audit }) => {
          this.bill.set(bill);
          this.emails.set(emails);
          this.audit.set(audit);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(errorMessage(err, 'The bill could not be loaded'));
        },
      });
  }

  /** A failing side section (deliveries, audit) shows its own error and leaves the bill visible. */
  private sectionError<T>(err: unknown, target: WritableSignal<string | null>): Observable<T[]> {
    target.set(errorMessage(err, 'Could not be loaded'));
    return of([]);
  }

  protected adjustmentValue(a: AdjustmentView): string {
    return a.percent !== null ? formatPercent(a.percent, browserLocale()) : 'Fixed';
  }

  /** The author as the audit trail names them ("Ada Admin", "API key 'importer'"), else as the bill stores it. */
  protected adjustmentAuthor(a: AdjustmentView): string {
    const event = this.audit().find((e) => e.action === 'adjustment.added' && e.after?.['adjustmentId'] === a.id);
    if (event) return auditActor(event);
    const name = a.author.name;
    return name.startsWith('api-key:') ? `API key '${name.slice('api-key:'.length)}'` : name;
  }

  /** The credit note or supplementary invoice an e-mail sent (null: the invoice, or a reminder). */
  protected emailCorrection(e: EmailDeliveryView): CorrectionView | null {
    const id = e.correctionId;
    return id ? (this.bill()?.corrections.find((c) => c.id === id) ?? null) : null;
  }

  /** A correction's author as the audit trail names them, else as the correction stores it. */
  protected correctionAuthor(c: CorrectionView): string {
    const event = this.audit().find((e) => e.entityId === c.billId && e.after?.['correctionId'] === c.id);
    if (event) return auditActor(event);
    const name = c.author.name;
    return name.startsWith('api-key:') ? `API key '${name.slice('api-key:'.length)}'` : name;
  }

  /** A credit note counts against the bill: its amounts are shown as reductions. */
  protected signedCorrection(c: CorrectionView, minor: number): number {
    return c.type === 'credit_note' ? -minor : minor;
  }

  protected downloadCorrection(c: CorrectionView): void {
    this.run(this.actions.downloadCorrection(c));
  }

  protected emailCorrectionOf(bill: BillDetailView, c: CorrectionView): void {
    this.run(this.actions.emailCorrection(bill, c));
  }

  protected signedAdjustment(a: AdjustmentView): number {
    // Discounts are shown negative whatever sign the API uses for them.
    const abs = Math.abs(a.amountMinor);
    return a.type === 'discount' ? -abs : abs;
  }

  protected run(action: Observable<boolean>): void {
    action.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((changed) => {
      if (changed) this.load();
    });
  }

  /** Discards the draft (with a reason) and goes back to the drafts: the bill no longer exists. */
  protected discard(bill: BillDetailView): void {
    this.actions
      .discard(bill)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((done) => {
        if (done) void this.router.navigate(['/bills/drafts']);
      });
  }

  protected reverse(bill: BillDetailView, payment: PaymentView): void {
    this.run(this.actions.reversePayment(bill, payment));
  }
}

/**
 * The bill's billing address: the contract types it as a free object (the association's address as it was when
 * the bill was made, `BillingAddressView`'s fields); only text fields are read.
 */
function addressOf(bill: BillDetailView): { [K in keyof BillingAddressView]: string | null } {
  const a = bill.billingAddress;
  const text = (key: keyof BillingAddressView): string | null => {
    const value = a[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    name: text('name'),
    line1: text('line1'),
    line2: text('line2'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postalCode'),
    country: text('country'),
  };
}

/** What an e-mail delivery's status means (the chip's title; a cancelled one says it under the chip). */
const EMAIL_STATUS_MEANINGS: Record<EmailDeliveryView['status'], string> = {
  queued: 'Waiting to be sent, or to be retried',
  sending: 'Being sent now',
  sent: 'Accepted by the mail server',
  failed: 'Not sent: every attempt failed',
  cancelled: 'Not sent: the bill was paid or voided before the reminder went out',
};
