import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateImportProfileDto, FieldErrorView, ImportPresetView, ImportProfileView } from '@app/contracts';
import { forkJoin, map, of, startWith } from 'rxjs';
import { ImportsApi } from '../../core/api/imports.api';
import {
  applyFieldErrors,
  controlErrorText,
  errorCode,
  errorMessage,
  fieldErrors,
  focusFirstInvalid,
  summarizeFieldErrors,
} from '../../core/errors';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { timeZones } from '../plans/association-form';
import {
  DELIMITERS,
  DURATION_UNITS,
  MAPPING_FIELDS,
  TIME_FORMATS,
  formToSettings,
  settingsDetails,
  settingsGroup,
  settingsToForm,
  sourceParts,
} from './import-settings';

/** Whether a 400's `field` names a field of the form (a path into a group, `settings`, is said above the form instead). */
function landsOnField(root: AbstractControl, path: string): boolean {
  let control: AbstractControl | null = root;
  for (const segment of path.split('.')) {
    if (control instanceof FormControl) return true; // deeper than the form (`settings.unattendedValues.0`)
    control = control instanceof FormGroup ? ((control.controls as Record<string, AbstractControl>)[segment] ?? null) : null;
    if (!control) return false;
  }
  return control instanceof FormControl;
}

/**
 * `/imports/new` and `/imports/:id/edit`: an import profile's name, the preset it starts from (its label, source and
 * settings shown, the settings filled in to be changed where a tool's report differs) and how the report is read:
 * format, delimiter or JSON path, the column of each field, time format and zone, duration unit, the type values
 * meaning unattended, merge gap and minimum. The console checks only what a person sees at once (required, ranges);
 * the rules (a time format the engine reads, an end or duration column, …) are the API's, and its 400 shows under
 * the field it names (`settings.timeFormat`, `settings.mapping.end`, `idPrefix`).
 */
@Component({
  selector: 'app-import-profile-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    PageStateComponent,
  ],
  template: `
    <div class="page">
      <div class="breadcrumb">
        <a routerLink="/imports">Session imports</a>
        @if (profile(); as p) { › <a [routerLink]="['/imports', p.id]">{{ p.name }}</a> }
      </div>
      <div class="page-header">
        <h1>{{ editing() ? 'Edit import profile' : 'New import profile' }}</h1>
      </div>
      <app-page-state [loading]="loading() || saving()" [error]="loadError()" (retry)="load()" />

      @if (!loadError()) {
        <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="Import profile" data-testid="import-profile-form">
          <mat-card appearance="outlined">
            <mat-card-header><mat-card-title>Profile</mat-card-title></mat-card-header>
            <mat-card-content class="profile-card-content">
              <div class="form-grid">
                <mat-form-field>
                  <mat-label>Name</mat-label>
                  <input matInput formControlName="name" required autocomplete="off" data-testid="import-name" />
                  <mat-hint>e.g. "TeamViewer, Munich office"</mat-hint>
                  <mat-error data-testid="import-name-error">{{ err('name') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Start from</mat-label>
                  <select matNativeControl formControlName="preset" (change)="presetChosen()" data-testid="import-preset">
                    <option value="">Own settings</option>
                    @for (p of presets(); track p.name) { <option [value]="p.name">{{ p.label }}</option> }
                  </select>
                  <mat-hint>{{ editing() ? 'Fixed once created' : "A tool's preset, or settings of your own" }}</mat-hint>
                  <mat-error>{{ err('preset') }}</mat-error>
                </mat-form-field>
                @if (editing()) {
                  <mat-form-field>
                    <mat-label>Session id prefix</mat-label>
                    <input matInput [value]="profile()?.idPrefix ?? ''" readonly data-testid="import-id-prefix-readonly" />
                    <mat-hint>Fixed: the imported sessions' external ids begin with it</mat-hint>
                  </mat-form-field>
                } @else {
                  <mat-form-field floatLabel="always">
                    <mat-label>Session id prefix</mat-label>
                    <input matInput formControlName="idPrefix" [placeholder]="defaultPrefix()" autocomplete="off" spellcheck="false" data-testid="import-id-prefix" />
                    <mat-hint>External ids are prefix:id (a-z 0-9 _ -; empty: {{ defaultPrefix() }})</mat-hint>
                    <mat-error data-testid="import-id-prefix-error">{{ err('idPrefix') }}</mat-error>
                  </mat-form-field>
                }
              </div>

              @if (chosenPreset(); as p) {
                <section class="preset-card" data-testid="import-preset-card" aria-label="Preset">
                  <h3 data-testid="import-preset-label">{{ p.label }}</h3>
                  <p class="preset-source" data-testid="import-preset-source">
                    Built from:
                    @for (part of sourceOf(p); track $index) {
                      @if (part.href) { <a [href]="part.href" target="_blank" rel="noopener noreferrer">{{ part.text }}</a> } @else { {{ part.text }} }
                    }
                  </p>
                  <dl class="details" data-testid="import-preset-settings">
                    @for (d of detailsOf(p); track d.key) {
                      <dt>{{ d.label }}</dt><dd [attr.data-testid]="'import-preset-' + d.key">{{ d.value }}</dd>
                    }
                  </dl>
                  @if (!editing()) {
                    <p class="muted preset-note">Its settings are filled in below: change what your tool's report does differently.</p>
                  }
                </section>
              }
            </mat-card-content>
          </mat-card>

          <mat-card appearance="outlined" formGroupName="settings">
            <mat-card-header><mat-card-title>How the report is read</mat-card-title></mat-card-header>
            <mat-card-content class="profile-card-content">
              <div class="form-grid">
                <mat-form-field>
                  <mat-label>Format</mat-label>
                  <select matNativeControl formControlName="format" data-testid="import-format">
                    <option value="csv">CSV</option>
                    <option value="json">JSON</option>
                  </select>
                  <mat-error>{{ err('settings.format') }}</mat-error>
                </mat-form-field>
                @if (format() === 'csv') {
                  <mat-form-field>
                    <mat-label>Delimiter</mat-label>
                    <select matNativeControl formControlName="delimiter" data-testid="import-delimiter">
                      @for (d of delimiters; track d.value) { <option [value]="d.value">{{ d.label }}</option> }
                    </select>
                    <mat-error data-testid="import-delimiter-error">{{ err('settings.delimiter') }}</mat-error>
                  </mat-form-field>
                } @else {
                  <mat-form-field floatLabel="always">
                    <mat-label>Rows at (JSON path)</mat-label>
                    <input matInput formControlName="jsonPath" placeholder="the document itself" autocomplete="off" spellcheck="false" data-testid="import-json-path" />
                    <mat-hint>The array of rows, e.g. records or data.sessions (empty: the document is the array)</mat-hint>
                    <mat-error data-testid="import-json-path-error">{{ err('settings.jsonPath') }}</mat-error>
                  </mat-form-field>
                }
              </div>

              <h3 class="form-section">Columns</h3>
              <p class="muted form-note">
                @if (format() === 'csv') { The header names of the CSV. } @else { Property names of a row; nested ones with dots, e.g. technician.email. }
              </p>
              <div class="form-grid" formGroupName="mapping">
                @for (f of mappingFields; track f.key) {
                  <mat-form-field>
                    <mat-label>{{ f.label }}</mat-label>
                    <input matInput [formControlName]="f.key" [required]="!!f.required" autocomplete="off" spellcheck="false" [attr.data-testid]="'import-col-' + f.key" />
                    <mat-hint>{{ f.hint }}</mat-hint>
                    <mat-error [attr.data-testid]="'import-col-' + f.key + '-error'">{{ err('settings.mapping.' + f.key) }}</mat-error>
                  </mat-form-field>
                }
              </div>

              <h3 class="form-section">Times and durations</h3>
              <div class="form-grid">
                <mat-form-field>
                  <mat-label>Time format</mat-label>
                  <input matInput formControlName="timeFormat" required autocomplete="off" spellcheck="false" [matAutocomplete]="formatAuto"
                    (input)="formatQuery.set($any($event.target).value)" data-testid="import-time-format" />
                  <mat-autocomplete #formatAuto="matAutocomplete">
                    @for (t of timeFormats(); track t.value) { <mat-option [value]="t.value"><code>{{ t.value }}</code> <span class="muted">{{ t.label }}</span></mat-option> }
                  </mat-autocomplete>
                  <mat-hint>iso, epoch_s, epoch_ms, or a pattern of yyyy MM dd HH mm ss (hh with a)</mat-hint>
                  <mat-error data-testid="import-time-format-error">{{ err('settings.timeFormat') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Time zone</mat-label>
                  <input matInput formControlName="timeZone" required autocomplete="off" [matAutocomplete]="zoneAuto"
                    (input)="zoneQuery.set($any($event.target).value)" data-testid="import-time-zone" />
                  <mat-autocomplete #zoneAuto="matAutocomplete">
                    @for (z of zones(); track z) { <mat-option [value]="z">{{ z }}</mat-option> }
                  </mat-autocomplete>
                  <mat-hint>Of times written without an offset</mat-hint>
                  <mat-error data-testid="import-time-zone-error">{{ err('settings.timeZone') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Duration unit</mat-label>
                  <select matNativeControl formControlName="durationUnit" data-testid="import-duration-unit">
                    @for (u of durationUnits; track u.value) { <option [value]="u.value">{{ u.label }}</option> }
                  </select>
                  <mat-hint>Of the duration column</mat-hint>
                  <mat-error>{{ err('settings.durationUnit') }}</mat-error>
                </mat-form-field>
              </div>

              <h3 class="form-section">Sessions</h3>
              <div class="form-grid">
                <mat-form-field>
                  <mat-label>Unattended values</mat-label>
                  <input matInput formControlName="unattendedValues" autocomplete="off" data-testid="import-unattended" />
                  <mat-hint>Values of the type column meaning unattended, separated by commas (any case)</mat-hint>
                  <mat-error data-testid="import-unattended-error">{{ err('settings.unattendedValues') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Merge gap (minutes)</mat-label>
                  <input matInput type="number" min="0" max="1440" step="1" formControlName="mergeGapMinutes" required data-testid="import-merge-gap" />
                  <mat-hint>Connections of one technician and customer this close are one session (0: never)</mat-hint>
                  <mat-error data-testid="import-merge-gap-error">{{ err('settings.mergeGapMinutes') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Minimum (seconds)</mat-label>
                  <input matInput type="number" min="0" max="86400" step="1" formControlName="minSeconds" required data-testid="import-min-seconds" />
                  <mat-hint>Shorter connections are refused (0: keep all)</mat-hint>
                  <mat-error data-testid="import-min-seconds-error">{{ err('settings.minSeconds') }}</mat-error>
                </mat-form-field>
              </div>
            </mat-card-content>
          </mat-card>

          @if (error(); as message) { <div class="error-box" role="alert" data-testid="import-profile-error">{{ message }}</div> }
          <div class="form-actions">
            <a mat-button [routerLink]="profile() ? ['/imports', profile()!.id] : '/imports'" data-testid="import-profile-cancel">Cancel</a>
            <button mat-flat-button type="submit" [disabled]="saving() || loading()" data-testid="import-profile-save">
              {{ editing() ? 'Save' : 'Create profile' }}
            </button>
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    .profile-card-content { padding-top: 12px; }
    .preset-card { margin-top: 16px; padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-surface-container-low); }
    .preset-card h3 { font: var(--mat-sys-title-small); margin: 0 0 4px; }
    .preset-source { font-size: 13px; margin: 0 0 8px; overflow-wrap: anywhere; }
    .preset-note { font-size: 13px; margin: 8px 0 0; }
    .form-section { font: var(--mat-sys-title-small); margin: 20px 0 4px; }
    .form-note { font-size: 13px; margin: 0 0 8px; }
  `,
})
export class ImportProfileFormComponent {
  /** Route param (`/imports/:id/edit`); absent when creating. */
  readonly id = input<string>();

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly api = inject(ImportsApi);
  private readonly router = inject(Router);
  private readonly notify = inject(Notify);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    preset: [''],
    idPrefix: [''],
    settings: settingsGroup(this.fb),
  });
  protected readonly delimiters = DELIMITERS;
  protected readonly durationUnits = DURATION_UNITS;
  protected readonly mappingFields = MAPPING_FIELDS;

  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly presets = signal<ImportPresetView[]>([]);
  protected readonly profile = signal<ImportProfileView | null>(null);
  protected readonly editing = computed(() => !!this.id());

  private readonly presetName = toSignal(
    this.form.controls.preset.valueChanges.pipe(
      startWith(''),
      map(() => this.form.controls.preset.getRawValue()),
    ),
    {
      requireSync: true,
    },
  );
  protected readonly chosenPreset = computed(() => this.presets().find((p) => p.name === this.presetName()) ?? null);
  protected readonly defaultPrefix = computed(() => this.presetName().replace(/_/g, '-') || 'import');
  protected readonly format = toSignal(this.form.controls.settings.controls.format.valueChanges.pipe(startWith('csv' as const)), {
    requireSync: true,
  });

  private readonly allZones = timeZones();
  protected readonly zoneQuery = signal('');
  protected readonly zones = computed(() => {
    const q = this.zoneQuery().toLowerCase();
    return (q ? this.allZones.filter((z) => z.toLowerCase().includes(q)) : this.allZones).slice(0, 50);
  });
  protected readonly formatQuery = signal('');
  protected readonly timeFormats = computed(() => {
    const q = this.formatQuery().toLowerCase();
    return TIME_FORMATS.filter((t) => !q || t.value.toLowerCase().includes(q) || t.label.toLowerCase().includes(q));
  });
  protected readonly detailsOf = (p: ImportPresetView) => settingsDetails(p.settings);
  protected readonly sourceOf = (p: ImportPresetView) => sourceParts(p.source);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  protected err(path: string): string {
    return controlErrorText(this.form.get(path));
  }

  load(id: string | undefined = this.id()): void {
    this.loading.set(true);
    this.loadError.set(null);
    forkJoin({ presets: this.api.presets(), profile: id ? this.api.get(id) : of(null) }).subscribe({
      next: ({ presets, profile }) => {
        this.presets.set(presets);
        this.profile.set(profile);
        if (profile) {
          this.form.patchValue({ name: profile.name, preset: profile.preset ?? '', settings: settingsToForm(profile.settings) });
          this.form.controls.preset.disable();
        }
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(errorMessage(err, 'The import profile could not be loaded'));
      },
    });
  }

  /** A preset chosen: its settings fill the form (own settings keep what is there, to be changed). */
  protected presetChosen(): void {
    const preset = this.chosenPreset();
    if (preset) this.form.controls.settings.setValue(settingsToForm(preset.settings));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const v = this.form.getRawValue();
    const settings = formToSettings(v.settings);
    const name = v.name.trim();
    const current = this.profile();
    const create: CreateImportProfileDto = { name, preset: (v.preset || null) as CreateImportProfileDto['preset'], settings };
    if (v.idPrefix.trim()) create.idPrefix = v.idPrefix.trim();
    this.saving.set(true);
    this.error.set(null);
    (current ? this.api.update(current.id, { name, settings }) : this.api.create(create)).subscribe({
      next: (saved) => {
        this.notify.ok(current ? 'Import profile saved' : `Import profile "${saved.name}" created`);
        void this.router.navigate(['/imports', saved.id]);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (errorCode(err) === 'IMPORT_PROFILE_NAME_TAKEN') {
          this.form.controls.name.setErrors({ server: 'Another import profile has this name' });
          this.form.controls.name.markAsTouched();
          this.error.set(errorMessage(err));
        } else {
          const errors = fieldErrors(err);
          const rest: FieldErrorView[] = errors.filter((e) => !landsOnField(this.form, e.field));
          applyFieldErrors(
            this.form,
            errors.filter((e) => landsOnField(this.form, e.field)),
          );
          if (rest.length) this.error.set(summarizeFieldErrors(rest));
          else if (!errors.length) this.error.set(errorMessage(err, 'The import profile could not be saved'));
        }
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }
}
