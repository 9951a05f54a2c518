import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A small "Late usage" tag next to a bill's number when the bill is a late-usage bill: an ended
 * association's bill of sessions that arrived after its final bill. Nothing for a period bill.
 */
@Component({
  selector: 'app-bill-kind-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (kind() === 'late_usage') {
      <span class="tag" data-testid="bill-kind-late-usage"
        title="Sessions of an ended association that arrived after its final bill, billed on their own">Late usage</span>
    }
  `,
  styles: `
    :host { display: inline; }
    .tag { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 10px; vertical-align: middle; white-space: nowrap;
      font: var(--mat-sys-label-small); background: #efe6ff; color: #4a2a86; border: 1px solid #cdb8f2; }
  `,
})
export class BillKindTagComponent {
  readonly kind = input<string | null | undefined>(null);
}
