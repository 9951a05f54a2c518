import { computed, signal } from '@angular/core';
import type { Page } from '@app/contracts';
import { Observable, Subscription } from 'rxjs';
import { errorMessage } from '../core/errors';

/**
 * The state of a list paged with the API's opaque cursors: this page's items, the cursors of the pages before
 * it (to go back), the next page's cursor, loading and error. `fetch` asks for one page; a newer load cancels
 * the one in flight.
 */
export class CursorPager<T> {
  readonly items = signal<T[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly nextCursor = signal<string | null>(null);
  /** 1 for the first page. */
  readonly pageNumber = computed(() => this.previous().length + 1);
  readonly hasPrevious = computed(() => this.previous().length > 0);
  private readonly cursor = signal<string | null>(null);
  private readonly previous = signal<(string | null)[]>([]);
  private request?: Subscription;

  constructor(
    private readonly fetch: (cursor: string | null) => Observable<Page<T>>,
    private readonly failure: string,
  ) {}

  /** Loads the current page again; `quiet` (a poll): no loading bar, and a failure keeps what is shown. */
  load(quiet = false): void {
    this.request?.unsubscribe();
    if (!quiet) {
      this.loading.set(true);
      this.error.set(null);
    }
    this.request = this.fetch(this.cursor()).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
        this.error.set(null);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        if (!quiet) this.error.set(errorMessage(err, this.failure));
      },
    });
  }

  /** Back to the first page (after a filter change), and load it. */
  first(): void {
    this.previous.set([]);
    this.cursor.set(null);
    this.load();
  }

  next(): void {
    const next = this.nextCursor();
    if (!next) return;
    this.previous.update((list) => [...list, this.cursor()]);
    this.cursor.set(next);
    this.load();
  }

  back(): void {
    const list = this.previous();
    if (list.length === 0) return;
    this.cursor.set(list[list.length - 1] ?? null);
    this.previous.set(list.slice(0, -1));
    this.load();
  }
}
