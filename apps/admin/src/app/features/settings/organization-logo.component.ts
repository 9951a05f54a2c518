import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { OrganizationLogoView } from '@app/contracts';
import { OrganizationApi } from '../../core/api/organization.api';
import { errorMessage, fieldErrors } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';

/** What the API takes (PUT /organization/logo): checked here only to spare a pointless upload. */
const MAX_BYTES = 256 * 1024;

/**
 * The logo printed on invoices: a preview of the stored image (its bytes fetched with the session's token and
 * shown as a data: URL, which the console's CSP allows for images), its facts, and for admins upload and remove.
 */
@Component({
  selector: 'app-organization-logo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, IconComponent],
  template: `
    <div class="logo" data-testid="organization-logo">
      <div class="frame">
        @if (preview(); as src) {
          <img [src]="src" alt="The organization's logo" data-testid="organization-logo-preview" />
        } @else {
          <span class="muted" data-testid="organization-logo-none">{{ logo() ? 'Loading…' : 'No logo' }}</span>
        }
      </div>
      <div class="side">
        @if (logo(); as l) {
          <p class="muted" data-testid="organization-logo-facts">{{ facts(l) }}</p>
        } @else {
          <p class="muted">PNG or JPEG, at most 256 KB and 4096 × 4096 pixels. Printed on every invoice.</p>
        }
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="organization-logo-error">{{ message }}</div> }
        @if (editable()) {
          <input #file type="file" accept="image/png,image/jpeg" class="sr-only" (change)="upload(file)" data-testid="organization-logo-input" />
          <div class="buttons">
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="file.click()" data-testid="organization-logo-upload">
              <app-icon name="upload" /> {{ logo() ? 'Replace logo' : 'Upload logo' }}
            </button>
            @if (logo()) {
              <button mat-button type="button" [disabled]="busy()" (click)="remove()" data-testid="organization-logo-remove"><app-icon name="delete" /> Remove</button>
            }
          </div>
        }
      </div>
    </div>
  `,
  styles: `
    .logo { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
    .frame {
      width: 200px; height: 100px; display: flex; align-items: center; justify-content: center;
      border: 1px dashed var(--mat-sys-outline-variant); border-radius: 8px; background: var(--mat-sys-surface-container-low);
    }
    .frame img { max-width: 190px; max-height: 90px; object-fit: contain; }
    .side { flex: 1; min-width: 240px; }
    .side p { margin: 0 0 8px; }
    .buttons { display: flex; gap: 8px; }
  `,
})
export class OrganizationLogoComponent implements OnInit {
  private readonly api = inject(OrganizationApi);
  private readonly notify = inject(Notify);
  private readonly destroyRef = inject(DestroyRef);

  /** The stored logo's facts, from the organization view (null: none). */
  readonly logo = input<OrganizationLogoView | null>(null);
  readonly editable = input(false);
  /** The logo as it is now, after an upload or a removal. */
  readonly changed = output<OrganizationLogoView | null>();

  protected readonly preview = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private alive = true;

  constructor() {
    this.destroyRef.onDestroy(() => (this.alive = false));
  }

  ngOnInit(): void {
    if (this.logo()) this.loadPreview();
  }

  protected facts(l: OrganizationLogoView): string {
    const kind = l.contentType === 'image/png' ? 'PNG' : 'JPEG';
    const size = l.sizeBytes < 1024 ? `${l.sizeBytes} bytes` : `${(l.sizeBytes / 1024).toFixed(1)} KB`;
    return `${kind} · ${l.width} × ${l.height} px · ${size}`;
  }

  upload(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = ''; // the same file can be chosen again
    if (!file) return;
    this.error.set(null);
    if (file.size > MAX_BYTES) {
      this.error.set(`The logo must be at most 256 KB; ${file.name} has ${(file.size / 1024).toFixed(0)} KB.`);
      return;
    }
    this.busy.set(true);
    this.api.uploadLogo(file).subscribe({
      next: (logo) => {
        this.busy.set(false);
        this.changed.emit(logo);
        this.loadPreview();
        this.notify.ok('Logo saved');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(fieldErrors(err).find((e) => e.field === 'logo')?.message ?? errorMessage(err, 'The logo could not be saved'));
      },
    });
  }

  remove(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.removeLogo().subscribe({
      next: () => {
        this.busy.set(false);
        this.preview.set(null);
        this.changed.emit(null);
        this.notify.ok('Logo removed');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(errorMessage(err, 'The logo could not be removed'));
      },
    });
  }

  /** The stored bytes (what invoices will print), as a data: URL. */
  private loadPreview(): void {
    this.api.logo().subscribe({
      next: (blob) => {
        const reader = new FileReader();
        reader.onload = () => {
          if (this.alive && typeof reader.result === 'string') this.preview.set(reader.result);
        };
        reader.readAsDataURL(blob);
      },
      error: (err: unknown) => this.error.set(errorMessage(err, 'The logo could not be loaded')),
    });
  }
}
