import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatMonth } from '@app/billing';
import { browserLocale, showMoney } from '../../core/money';
import type { ExactMinor, ExactMonthTotals } from '../../core/api/dashboard.api';

interface Bar {
  x: number;
  y: number;
  height: number;
  label: string;
}

interface Group {
  label: string;
  labelX: number;
  billed: Bar;
  collected: Bar;
}

const HEIGHT = 180;
const TOP = 10;
const GROUP_WIDTH = 56;
const BAR_WIDTH = 20;

/** Billed vs collected per month for one currency, as plain SVG (with a table for screen readers). */
@Component({
  selector: 'app-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure [attr.data-testid]="'dashboard-chart-' + currency()">
      <figcaption>
        <strong>{{ currency() }}</strong>
        <span class="legend"><i class="billed"></i>Billed</span>
        <span class="legend"><i class="collected"></i>Collected</span>
      </figcaption>
      <svg [attr.viewBox]="'0 0 ' + width() + ' ' + (height + 28)" role="img" [attr.aria-label]="'Billed and collected per month in ' + currency()" preserveAspectRatio="xMinYMin meet">
        <line x1="0" [attr.y1]="height + top" [attr.x2]="width()" [attr.y2]="height + top" class="axis" />
        @for (g of groups(); track g.label) {
          <rect class="billed" [attr.x]="g.billed.x" [attr.y]="g.billed.y" [attr.width]="barWidth" [attr.height]="g.billed.height" rx="3">
            <title>{{ g.label }} billed: {{ g.billed.label }}</title>
          </rect>
          <rect class="collected" [attr.x]="g.collected.x" [attr.y]="g.collected.y" [attr.width]="barWidth" [attr.height]="g.collected.height" rx="3">
            <title>{{ g.label }} collected: {{ g.collected.label }}</title>
          </rect>
          <text [attr.x]="g.labelX" [attr.y]="height + top + 16" text-anchor="middle">{{ g.label }}</text>
        }
      </svg>
      <table class="sr-only">
        <caption>Billed and collected per month, {{ currency() }}</caption>
        <tr><th>Month</th><th>Billed</th><th>Collected</th></tr>
        @for (g of groups(); track g.label) {
          <tr><td>{{ g.label }}</td><td>{{ g.billed.label }}</td><td>{{ g.collected.label }}</td></tr>
        }
      </table>
    </figure>
  `,
  styles: `
    figure { margin: 0; overflow-x: auto; }
    figcaption { display: flex; gap: 16px; align-items: center; margin-bottom: 8px; }
    .legend { display: inline-flex; align-items: center; gap: 6px; font: var(--mat-sys-label-medium); }
    .legend i { width: 12px; height: 12px; border-radius: 3px; display: inline-block; }
    svg { min-width: 100%; height: 220px; }
    .billed { fill: var(--mat-sys-primary); background: var(--mat-sys-primary); }
    .collected { fill: #2e9d57; background: #2e9d57; }
    .axis { stroke: var(--mat-sys-outline-variant); }
    text { font-size: 11px; fill: var(--mat-sys-on-surface-variant); }
  `,
})
export class BarChartComponent {
  readonly currency = input.required<string>();
  readonly months = input.required<ExactMonthTotals[]>();
  protected readonly height = HEIGHT;
  protected readonly top = TOP;
  protected readonly barWidth = BAR_WIDTH;

  protected readonly width = computed(() => Math.max(this.months().length * GROUP_WIDTH + 8, 200));

  protected readonly groups = computed<Group[]>(() => {
    const months = [...this.months()].sort((a, b) => a.month.localeCompare(b.month));
    // Geometry only: scaling bar heights may use floats; the labels show the exact money.
    const max = Math.max(1, ...months.map((m) => Math.max(Number(m.billedMinor), Number(m.collectedMinor))));
    return months.map((m, i) => {
      const x0 = 8 + i * GROUP_WIDTH;
      const bar = (minor: ExactMinor, x: number): Bar => {
        const h = Math.round((Number(minor) / max) * HEIGHT);
        return { x, y: TOP + HEIGHT - h, height: h, label: showMoney(minor, m.currency) };
      };
      return {
        label: /^\d{4}-(0[1-9]|1[0-2])$/.test(m.month) ? formatMonth(m.month, browserLocale()) : m.month,
        labelX: x0 + BAR_WIDTH,
        billed: bar(m.billedMinor, x0),
        collected: bar(m.collectedMinor, x0 + BAR_WIDTH + 2),
      };
    });
  });
}
