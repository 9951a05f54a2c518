import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';

/** The loading bar and the error box (with Retry) that every page shows. */
@Component({
  selector: 'app-page-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBarModule, MatButtonModule],
  template: `
    <div class="bar gap">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading" data-testid="loading" />
      }
    </div>
    @if (error(); as message) {
      <div class="error-box" role="alert" data-testid="page-error">
        <span>{{ message }}</span>
        <button mat-button type="button" (click)="retry.emit()" data-testid="page-error-retry">Retry</button>
      </div>
    }
  `,
  styles: `
    .error-box { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  `,
})
export class PageStateComponent {
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly retry = output<void>();
}
