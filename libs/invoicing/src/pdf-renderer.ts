/**
 * HTML -> PDF.
 *
 * `PdfRenderer` is what the API depends on. `BrowserPdfRenderer` is the real one: one headless
 * Chromium, reused for every render, with a small pool bounding how many pages render at once
 * (pages are reused too: a new page costs a renderer process, several times the render itself).
 * Unit tests of the API may use `FakePdfRenderer` (see fake-pdf-renderer.ts); e2e tests never do.
 *
 * The HTML is treated as hostile even though the template escapes everything:
 * - JavaScript is disabled on every page;
 * - the HTML is loaded with `page.setContent`, so no navigation or network is needed, and request
 *   interception aborts every request that is not `data:`/`about:blank` (images, fonts, styles…);
 * - host resolution is switched off (`--host-resolver-rules=MAP * ~NOTFOUND`), which also stops the
 *   few requests interception never sees (`<link rel=prefetch>`/`preconnect`);
 * - the browser talks to us over a pipe (no DevTools port), uses a fresh temporary profile, and
 *   runs with background networking, component updates and sync turned off.
 *
 * If the browser dies (crash, OOM kill), it is relaunched on the next render; a render that was in
 * flight when it died is retried once on the new browser, then fails with a `PdfRenderError`.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { resolveChromium, type ChromiumInstallation } from './chromium';

export interface PdfRenderer {
  /** Render one complete HTML document to PDF bytes. */
  render(html: string): Promise<Buffer>;
  /** Release the browser (and anything else). Renders after `close()` are rejected. */
  close(): Promise<void>;
}

export interface BrowserPdfRendererOptions {
  /** Pages rendering at once; default 4. More than the CPU count rarely helps. */
  concurrency?: number;
  /** Chromium to launch; default: `resolveChromium(env)` (CHROMIUM_PATH, /usr/bin/chromium…, @sparticuz/chromium). */
  executablePath?: string;
  /** Environment used to find Chromium; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Timeout for loading the HTML and for printing it, each; default 30 s. */
  renderTimeoutMs?: number;
  /** Timeout for launching the browser; default 30 s. */
  launchTimeoutMs?: number;
  /** Extra Chromium flags, appended to ours. */
  extraArgs?: string[];
  /** Called for every request the renderer blocked (a hint that some HTML tried to load something). */
  onBlockedRequest?: (url: string) => void;
}

/** A render failed; `cause` holds the underlying error. */
export class PdfRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfRenderError';
  }
}

/** Flags for every launch. Puppeteer adds its own defaults (no extensions, no default-browser check…). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-pings',
  '--font-render-hinting=none',
  // No name (not even an IP literal) resolves, so nothing that slips past request interception
  // (e.g. <link rel=prefetch>, which the Fetch domain does not see) can reach the network.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_TIMEOUT_MS = 30_000;
/** A page is closed and replaced after this many renders. */
const MAX_RENDERS_PER_PAGE = 100;

export class BrowserPdfRenderer implements PdfRenderer {
  private readonly pool: Semaphore;
  private readonly renderTimeoutMs: number;
  private readonly launchTimeoutMs: number;
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private installation: Promise<ChromiumInstallation> | undefined;
  private idlePages: Page[] = [];
  private readonly pageUses = new WeakMap<Page, number>();
  private readonly cleanups = new Set<Promise<void>>();
  private readonly profileDirs = new Map<Browser, string>();
  private closed = false;
  private launches = 0;
  private retries = 0;

  constructor(private readonly options: BrowserPdfRendererOptions = {}) {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
    this.pool = new Semaphore(concurrency);
    this.renderTimeoutMs = options.renderTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.launchTimeoutMs = options.launchTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async render(html: string): Promise<Buffer> {
    this.assertOpen();
    return this.pool.run(async () => {
      for (let attempt = 1; ; attempt++) {
        this.assertOpen();
        let browser: Browser;
        try {
          browser = await this.getBrowser();
        } catch (err) {
          if (err instanceof PdfRenderError) throw err;
          throw new PdfRenderError(`Could not launch Chromium for PDF rendering: ${messageOf(err)}`, { cause: err });
        }
        try {
          return await this.renderOn(browser, html);
        } catch (err) {
          const browserDied = !browser.connected;
          if (browserDied && attempt === 1 && !this.closed) {
            this.retries++;
            continue; // once more, on a new browser
          }
          if (this.closed) throw new PdfRenderError('The PDF renderer was closed during the render', { cause: err });
          throw new PdfRenderError(
            browserDied
              ? `Chromium exited while rendering a PDF (already retried once): ${messageOf(err)}`
              : `PDF rendering failed: ${messageOf(err)}`,
            { cause: err },
          );
        }
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    if (launching) await launching.catch(() => undefined); // a launch that completes now closes itself
    const browser = this.browser;
    this.browser = undefined;
    this.idlePages = [];
    if (browser) {
      const profileDir = this.profileDirs.get(browser);
      await closeBrowser(browser);
      await removeDir(profileDir);
    }
    await Promise.all(this.cleanups); // temporary profiles of browsers that died earlier
  }

  /** The live browser, if one is running (for diagnostics and tests). */
  currentBrowser(): Browser | undefined {
    return this.browser?.connected ? this.browser : undefined;
  }

  /** How many times a browser was launched (1 unless it died and was relaunched). */
  get launchCount(): number {
    return this.launches;
  }

  /** How many renders were retried because the browser died under them. */
  get retryCount(): number {
    return this.retries;
  }

  private assertOpen(): void {
    if (this.closed) throw new PdfRenderError('The PDF renderer is closed');
  }

  private async renderOn(browser: Browser, html: string): Promise<Buffer> {
    const page = await this.acquirePage(browser);
    let ok = false;
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: this.renderTimeoutMs });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, timeout: this.renderTimeoutMs });
      ok = true;
      return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      this.releasePage(page, browser, ok);
    }
  }

  /**
   * Pages are reused: opening a page costs a renderer process and is several times slower than the
   * render itself. A reused page gets its whole document replaced by `setContent`; it is closed
   * after a failed render and after MAX_RENDERS_PER_PAGE renders (so nothing accumulates).
   * At most `concurrency` pages exist, as only that many renders run at once.
   */
  private async acquirePage(browser: Browser): Promise<Page> {
    for (let page = this.idlePages.pop(); page; page = this.idlePages.pop()) {
      if (!page.isClosed() && page.browser() === browser) return page;
    }
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => this.filterRequest(request));
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
    return page;
  }

  private releasePage(page: Page, browser: Browser, ok: boolean): void {
    const uses = (this.pageUses.get(page) ?? 0) + 1;
    this.pageUses.set(page, uses);
    const reusable = ok && uses < MAX_RENDERS_PER_PAGE && !this.closed && this.browser === browser && browser.connected;
    if (reusable) this.idlePages.push(page);
    else page.close().catch(() => undefined);
  }

  /** Only the document itself and inline `data:` resources may load; everything else is aborted. */
  private filterRequest(request: HTTPRequest): void {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url === 'about:blank' || url.startsWith('data:')) {
      request.continue().catch(() => undefined);
      return;
    }
    this.options.onBlockedRequest?.(url);
    if (request.isNavigationRequest()) {
      // Navigating away (meta refresh, a form): answer "204 No Content", which cancels the navigation
      // and keeps the current document. Aborting instead would replace it with an error page.
      request.respond({ status: 204, body: '' }).catch(() => undefined);
      return;
    }
    request.abort('blockedbyclient').catch(() => undefined);
  }

  private async getBrowser(): Promise<Browser> {
    if (this.browser?.connected) return this.browser;
    this.launching ??= this.launch().finally(() => {
      this.launching = undefined;
    });
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const installation = await this.findChromium();
    const userDataDir = await fs.mkdtemp(join(tmpdir(), 'invoicing-chromium-'));
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath: installation.executablePath,
        headless: 'shell', // passes plain `--headless`; works for chrome-headless-shell and full Chromium
        pipe: true, // CDP over a pipe: no DevTools port on localhost
        userDataDir,
        args: [...CHROMIUM_FLAGS, ...(this.options.extraArgs ?? [])],
        env: { ...process.env, ...installation.env },
        timeout: this.launchTimeoutMs,
        protocolTimeout: this.renderTimeoutMs * 2,
        // The application owns signal handling; we close the browser in close(). Puppeteer still
        // kills the browser when this process exits.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      await removeDir(userDataDir);
      throw err;
    }
    this.launches++;
    this.profileDirs.set(browser, userDataDir);
    browser.once('disconnected', () => {
      if (this.browser === browser) this.browser = undefined;
      this.idlePages = this.idlePages.filter((page) => page.browser() !== browser);
      this.profileDirs.delete(browser);
      const cleanup = removeDir(userDataDir).finally(() => this.cleanups.delete(cleanup));
      this.cleanups.add(cleanup);
    });
    if (this.closed) {
      await closeBrowser(browser);
      throw new PdfRenderError('The PDF renderer was closed while Chromium was starting');
    }
    this.browser = browser;
    return browser;
  }

  private findChromium(): Promise<ChromiumInstallation> {
    if (!this.installation) {
      const { executablePath, env } = this.options;
      this.installation = executablePath
        ? Promise.resolve<ChromiumInstallation>({ executablePath, source: 'option', env: {} })
        : resolveChromium(env ?? process.env);
      this.installation.catch(() => {
        this.installation = undefined; // try again next time (e.g. after the binary was installed)
      });
    }
    return this.installation;
  }
}

async function closeBrowser(browser: Browser): Promise<void> {
  try {
    await withTimeout(browser.close(), 5_000);
  } catch {
    browser.process()?.kill('SIGKILL');
  }
}

async function removeDir(dir: string | undefined): Promise<void> {
  if (!dir) return;
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }).catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** At most `permits` tasks at once; the rest wait in arrival order. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly permits: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.permits) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // hand the permit over directly
      else this.active--;
    }
  }
}
