import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { BillDetailView, EInvoiceProblemsView } from '@app/contracts';
import { catchError, map, of, switchMap } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { EInvoiceProblem, einvoiceFormatLabel, problemPlace } from '../../core/einvoices';
import { errorMessage } from '../../core/errors';

interface Check {
  answer: EInvoiceProblemsView | null;
  error: string | null;
}

const NOTHING: Check = { answer: null, error: null };

/**
 * What keeps the bill (a draft before it is issued, or an issued one) from becoming an e-invoice in its customer's
 * format (`GET /bills/:id/einvoice/problems`), each problem with where it is fixed: Settings › Organization, the
 * customer, or its plan association. Nothing is shown when the customer has no format or nothing is missing. Asked
 * again whenever the page shows the bill anew (its Refresh, a reload).
 */
@Component({
  selector: 'app-einvoice-problems',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @let c = check();
    @if (c.answer?.format && c.answer?.problems?.length) {
      <div class="einvoice-warning" role="status" aria-labelledby="einvoice-problems-title" data-testid="bill-einvoice-problems">
        <strong id="einvoice-problems-title" data-testid="bill-einvoice-problems-title">{{ title() }}</strong>
        <ul>
          @for (p of c.answer!.problems; track $index) {
            <li data-testid="bill-einvoice-problem" [attr.data-code]="p.code">
              {{ p.message }}
              @switch (place(p)) {
                @case ('organization') { <span class="where">— fix in <a routerLink="/settings/organization" data-testid="einvoice-problem-fix">Settings › Organization</a></span> }
                @case ('department') { <span class="where">— fix in <a routerLink="/departments" data-testid="einvoice-problem-fix">the customer, Departments › {{ bill().department.name }}</a></span> }
                @case ('association') {
                  <span class="where">— fix in <a [routerLink]="['/plans', bill().plan.id]" data-testid="einvoice-problem-fix">the customer's plan association, Billing Plans › {{ bill().plan.name }}</a></span>
                }
                @case ('bill') { <span class="where">— in this bill itself</span> }
              }
            </li>
          }
        </ul>
      </div>
    } @else if (c.error) {
      <div class="error-box" role="alert" data-testid="bill-einvoice-problems-error">The e-invoice check could not be made: {{ c.error }}</div>
    }
  `,
  styles: `
    .einvoice-warning { padding: 12px 16px; border-radius: 8px; margin: 0 0 12px; background: #fff4d6; color: #4d3800; border: 1px solid #f0d27a; }
    ul { margin: 6px 0 0; padding-left: 20px; }
    li + li { margin-top: 4px; }
    a { color: inherit; font-weight: 500; }
  `,
})
export class EInvoiceProblemsComponent {
  readonly bill = input.required<BillDetailView>();

  private readonly api = inject(BillsApi);

  protected readonly check = toSignal(
    toObservable(this.bill).pipe(
      switchMap((b) =>
        b.einvoiceFormat === 'none'
          ? of(NOTHING)
          : this.api.einvoiceProblems(b.id).pipe(
              map((answer): Check => ({ answer, error: null })),
              catchError((err: unknown) => of<Check>({ answer: null, error: errorMessage(err, 'Something went wrong') })),
            ),
      ),
    ),
    { initialValue: NOTHING },
  );
  protected readonly title = computed(
    () => `This bill cannot become a ${einvoiceFormatLabel(this.check().answer?.format ?? this.bill().einvoiceFormat)} e-invoice yet:`,
  );

  protected place(p: EInvoiceProblem) {
    return problemPlace(p.field);
  }
}
