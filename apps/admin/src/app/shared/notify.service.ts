import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { errorMessage } from '../core/errors';

/** Snackbar messages: short confirmations and error summaries. */
@Injectable({ providedIn: 'root' })
export class Notify {
  private readonly snackBar = inject(MatSnackBar);

  ok(message: string): void {
    this.snackBar.open(message, 'OK', { duration: 4000, panelClass: 'snack-ok' });
  }

  error(err: unknown, fallback = 'Something went wrong'): void {
    this.snackBar.open(errorMessage(err, fallback), 'Dismiss', { duration: 8000, panelClass: 'snack-error' });
  }

  /** A refusal already put in words (e.g. "INV-000042: it is no longer a draft…"). */
  failure(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: 8000, panelClass: 'snack-error' });
  }

  text(message: string, durationMs = 8000): void {
    this.snackBar.open(message, 'Dismiss', { duration: durationMs });
  }
}
