import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { COMMA, ENTER, SEMICOLON } from '@angular/cdk/keycodes';
import { controlErrorText } from '../core/errors';
import { IconComponent } from './icon.component';

/**
 * E-mail addresses as chips bound to a `FormControl<string[]>`. Enter, comma, semicolon or leaving
 * the field adds what was typed; a pasted list "a@x.com, b@y.com" becomes several chips.
 */
@Component({
  selector: 'app-email-chips',
  // Default: the control's value may be set by the parent (prefill) without any input changing.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [MatChipsModule, MatFormFieldModule, ReactiveFormsModule, IconComponent],
  template: `
    <mat-form-field class="full">
      <mat-label>{{ label() }}</mat-label>
      <mat-chip-grid #grid [formControl]="control()" [attr.aria-label]="label()">
        @for (email of emails(); track email) {
          <mat-chip-row [value]="email" (removed)="remove(email)" [attr.data-testid]="testId() + '-chip'">
            {{ email }}
            <button matChipRemove type="button" [attr.aria-label]="'Remove ' + email"><app-icon name="close" /></button>
          </mat-chip-row>
        }
        <input
          [matChipInputFor]="grid"
          [matChipInputSeparatorKeyCodes]="separators"
          [matChipInputAddOnBlur]="true"
          (matChipInputTokenEnd)="add($event)"
          type="email"
          [placeholder]="placeholder()"
          [attr.data-testid]="testId()"
        />
      </mat-chip-grid>
      @if (hint()) { <mat-hint>{{ hint() }}</mat-hint> }
      <mat-error>{{ errorText() }}</mat-error>
    </mat-form-field>
  `,
  styles: `app-icon { width: 18px; height: 18px; }`,
})
export class EmailChipsComponent {
  readonly control = input.required<FormControl<string[]>>();
  readonly label = input('Recipients');
  readonly placeholder = input('name@example.com');
  readonly hint = input('');
  readonly testId = input('recipients');
  protected readonly separators = [ENTER, COMMA, SEMICOLON] as const;

  protected emails(): string[] {
    return this.control().value ?? [];
  }

  protected errorText(): string {
    return controlErrorText(this.control());
  }

  add(event: MatChipInputEvent): void {
    const typed = (event.value ?? '')
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (typed.length) {
      const current = this.emails();
      const next = [...current, ...typed.filter((e) => !current.includes(e))];
      this.control().setValue(next);
      this.control().markAsTouched();
    }
    event.chipInput.clear();
  }

  remove(email: string): void {
    this.control().setValue(this.emails().filter((e) => e !== email));
    this.control().markAsTouched();
  }
}
