import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A small tag next to a bill's number for the bills that are not a period's: "Late usage" (an ended association's
 * bill of sessions that arrived after its final bill), "Prepaid block" (the invoice of a block of prepaid hours or
 * sessions a customer bought). Nothing for a period bill.
 */
@Component({
  selector: 'app-bill-kind-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (kind() === 'late_usage') {
      <span class="tag" data-testid="bill-kind-late-usage"
        title="Sessions of an ended association that arrived after its final bill, billed on their own">Late usage</span>
    } @else if (kind() === 'block') {
      <span class="tag tag-block" data-testid="bill-kind-block"
        title="The invoice of a prepaid block the customer bought: its hours or sessions are drawn before overage">Prepaid block</span>
    }
  `,
  styles: `
    :host { display: inline; }
    .tag { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 10px; vertical-align: middle; white-space: nowrap;
      font: var(--mat-sys-label-small); background: #efe6ff; color: #4a2a86; border: 1px solid #cdb8f2; }
    .tag-block { background: #e0f4f1; color: #0b5147; border-color: #9fd6cc; }
  `,
})
export class BillKindTagComponent {
  readonly kind = input<string | null | undefined>(null);
}
