/**
 * Browser-test support: one headless Chromium (found like the PDF renderer finds it), pages set up the same
 * way, and explicit-wait helpers (every wait ≤ STEP; no sleeps).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { Browser, BrowserContext, Page } from 'puppeteer-core';
import { resolveChromium } from '../../libs/invoicing/src';

export const SHOTS = resolve(__dirname, '../../docs/screenshots');
export const STEP = 15_000;
export const tid = (id: string) => `[data-testid="${id}"]`;

export async function launchBrowser(userDataDir: string): Promise<Browser> {
  if (!existsSync(resolve(__dirname, '../../dist/apps/admin/browser/index.html'))) {
    throw new Error('The console is not built: run `npx ng build admin` first (npm test does it).');
  }
  mkdirSync(SHOTS, { recursive: true });
  const { executablePath, env } = await resolveChromium(process.env);
  return puppeteer.launch({
    executablePath,
    env: { ...process.env, ...env },
    headless: 'shell',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    userDataDir,
  });
}

/** A 1280x800 page with reduced motion (Material menus do not swallow clicks mid-animation); page errors collected. */
export async function newPage(context: Browser | BrowserContext, errors: string[]): Promise<Page> {
  const p = await context.newPage();
  await p.setViewport({ width: 1280, height: 800 });
  await p.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  p.setDefaultTimeout(STEP);
  p.on('pageerror', (err) => errors.push(String(err)));
  return p;
}

/** Explicit-wait helpers bound to one page. */
export function pageHelpers(page: Page) {
  /**
   * Waits for what Angular has scheduled to render. The console is zoneless: a dialog's DOM exists (and is visible) as
   * soon as it is created, but its bindings (form values, checkboxes, @for lists) are applied by a change detection
   * scheduled on the next animation frame or macrotask, whichever comes first. Callbacks of either kind run in the
   * order they were scheduled, so one frame and then one macrotask scheduled after the element appeared come after it.
   */
  const settle = () =>
    page.evaluate(
      () =>
        new Promise<void>((done) => {
          const next = () => setTimeout(done, 0);
          // A page whose frames are not produced (no compositor) still settles: the timer wins.
          const fallback = setTimeout(next, 100);
          requestAnimationFrame(() => {
            clearTimeout(fallback);
            next();
          });
        }),
    );
  const visible = async (sel: string) => {
    const el = await page.waitForSelector(sel, { visible: true, timeout: STEP });
    await settle();
    return el;
  };
  const hidden = (sel: string) => page.waitForSelector(sel, { hidden: true, timeout: STEP });
  const click = async (sel: string) => {
    const el = await visible(sel);
    await el!.click();
  };
  /** Types like a person into an emptied field. */
  const type = async (sel: string, text: string) => {
    await visible(sel);
    await page.$eval(sel, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(sel, text);
  };
  /** Sets a date/number input the way the browser would (value + input/change events). */
  const setValue = async (sel: string, value: string) => {
    await visible(sel);
    await page.$eval(
      sel,
      (el, v) => {
        const input = el as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
        input.dispatchEvent(new Event('blur'));
      },
      value,
    );
  };
  const textOf = (sel: string) => page.$eval(sel, (el) => (el.textContent ?? '').trim());
  const waitText = (sel: string, needle: string) =>
    page.waitForFunction(
      (s, n) => Array.from(document.querySelectorAll(s)).some((el) => (el.textContent ?? '').includes(n)),
      { timeout: STEP },
      sel,
      needle,
    );
  const waitPath = (path: string) => page.waitForFunction((p) => location.pathname === p, { timeout: STEP }, path);
  /** Waits until exactly `n` elements match. */
  const waitCount = (sel: string, n: number) =>
    page.waitForFunction((s, c) => document.querySelectorAll(s).length === c, { timeout: STEP }, sel, n);
  /** Closes the snack bar, if any, so it covers nothing. */
  const dismissSnackBar = async () => {
    if (await page.$('.mat-mdc-snack-bar-container')) {
      await page.click('.mat-mdc-snack-bar-container button').catch(() => undefined);
      await hidden('.mat-mdc-snack-bar-container');
    }
  };
  /** Confirms the (only) confirm dialog and waits for it to close. */
  const confirm = async () => {
    await click(`mat-dialog-container ${tid('confirm-dialog-confirm')}`);
    await hidden(tid('confirm-dialog-confirm'));
  };
  return { settle, visible, hidden, click, type, setValue, textOf, waitText, waitPath, waitCount, dismissSnackBar, confirm };
}

/**
 * A browser with one page logged in to the console at `baseUrl` (the dashboard shown): what most console tests
 * start from. Close `browser` in afterAll.
 */
export async function openConsole(baseUrl: string, userDataDir: string, email: string, password: string) {
  const errors: string[] = [];
  const browser = await launchBrowser(userDataDir);
  const page = await newPage(browser, errors);
  const h = pageHelpers(page);
  await page.goto(`${baseUrl}/login`, { waitUntil: 'load' });
  await h.type(tid('login-email'), email);
  await h.type(tid('login-password'), password);
  await h.click(tid('login-submit'));
  await h.waitPath('/dashboard');
  return { browser, page, h, errors };
}
