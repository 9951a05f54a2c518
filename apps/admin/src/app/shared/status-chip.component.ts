import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Bill status: `overdue` wins over `unpaid` (it is unpaid past the due date). */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip chip-{{ shown() }}" data-testid="bill-status-chip" [attr.data-status]="shown()">{{ shown() }}</span>`,
})
export class StatusChipComponent {
  readonly status = input.required<string>();
  readonly overdue = input(false);
  protected readonly shown = computed(() => (this.status() === 'unpaid' && this.overdue() ? 'overdue' : this.status()));
}
