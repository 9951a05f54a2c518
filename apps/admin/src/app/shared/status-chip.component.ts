import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const LABELS: Record<string, string> = { partly_paid: 'Partly paid' };

/**
 * Bill status: `overdue` wins over `unpaid` (it is unpaid past the due date); an unpaid bill with payments
 * (`paidMinor` > 0) is "Partly paid", and an overdue one that is partly paid shows both chips.
 */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip chip-{{ shown() }}" data-testid="bill-status-chip" [attr.data-status]="shown()">{{ label(shown()) }}</span>
    @if (shown() === 'overdue' && partlyPaid()) {
      <span class="chip chip-partly_paid" data-testid="bill-partly-paid-chip">{{ label('partly_paid') }}</span>
    }`,
  styles: `
    :host { display: inline-flex; gap: 6px; flex-wrap: nowrap; align-items: center; }
    .chip { white-space: nowrap; }
  `,
})
export class StatusChipComponent {
  readonly status = input.required<string>();
  readonly overdue = input(false);
  readonly paidMinor = input<number | null | undefined>(0);
  protected readonly partlyPaid = computed(() => this.status() === 'unpaid' && (this.paidMinor() ?? 0) > 0);
  protected readonly shown = computed(() => {
    if (this.status() === 'unpaid' && this.overdue()) return 'overdue';
    return this.partlyPaid() ? 'partly_paid' : this.status();
  });

  protected label(status: string): string {
    return LABELS[status] ?? status;
  }
}
