/**
 * Where the Chromium that renders PDFs comes from.
 *
 * In order: `CHROMIUM_PATH` (when set it must point at an executable file, otherwise we fail loudly
 * rather than silently use another browser), `/usr/bin/chromium`, `/usr/bin/chromium-browser`, and
 * finally the `@sparticuz/chromium` npm package, which ships a brotli-packed chrome-headless-shell and
 * unpacks it into the OS temp folder on first use (`<tmp>/chromium`, about a second).
 *
 * We only take the binary from `@sparticuz/chromium`, not its recommended `args`: those are tuned for
 * AWS Lambda and include `--single-process`, `--disable-web-security` and
 * `--allow-running-insecure-content`, which we do not want for rendering untrusted text.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium' | 'option';

export interface ChromiumInstallation {
  executablePath: string;
  source: ChromiumSource;
  /**
   * Extra environment for the browser process. Set only for the `@sparticuz/chromium` binary:
   * `FONTCONFIG_FILE` adds the fonts the package unpacked to the host's fonts, so text renders
   * (and is extractable from the PDF) even on a host with no fonts installed.
   */
  env: Record<string, string>;
}

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/** The path of a Chromium executable to launch. See `resolveChromium` for the details. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await resolveChromium(env)).executablePath;
}

/** Like `findChromium`, with where the binary came from and the environment it needs. */
export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumInstallation> {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!(await isExecutableFile(configured))) {
      throw new Error(
        `CHROMIUM_PATH is set to "${configured}", but there is no executable file there. ` +
          'Fix the path, or unset CHROMIUM_PATH to use /usr/bin/chromium or the bundled @sparticuz/chromium.',
      );
    }
    return { executablePath: configured, source: 'CHROMIUM_PATH', env: {} };
  }

  for (const candidate of SYSTEM_CHROMIUM_PATHS) {
    if (await isExecutableFile(candidate)) return { executablePath: candidate, source: 'system', env: {} };
  }

  let executablePath: string;
  try {
    executablePath = await sparticuzExecutablePath();
  } catch (err) {
    throw new Error(
      'No Chromium found: CHROMIUM_PATH is not set, /usr/bin/chromium and /usr/bin/chromium-browser do not ' +
        `exist, and the @sparticuz/chromium package could not provide one (${errorMessage(err)}). ` +
        'Install chromium (apt-get install -y chromium) or set CHROMIUM_PATH.',
      { cause: err },
    );
  }
  return { executablePath, source: '@sparticuz/chromium', env: await sparticuzFontEnv(env) };
}

interface SparticuzChromium {
  executablePath(input?: string): Promise<string>;
}

let unpacking: Promise<string> | undefined;

/** Concurrent callers in this process share one unpack (two at once would write the same file). */
function sparticuzExecutablePath(): Promise<string> {
  unpacking ??= unpackSparticuz().finally(() => {
    unpacking = undefined;
  });
  return unpacking;
}

/**
 * `@sparticuz/chromium` is loaded lazily (its binary is only unpacked when no other browser
 * exists). It publishes both a CommonJS and an ES module build; `require` picks the CommonJS one,
 * which works from our CommonJS output and inside Jest.
 */
async function unpackSparticuz(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('@sparticuz/chromium') as { default?: SparticuzChromium } & Partial<SparticuzChromium>;
  const chromium: SparticuzChromium | undefined = typeof mod.executablePath === 'function' ? (mod as SparticuzChromium) : mod.default;
  if (!chromium || typeof chromium.executablePath !== 'function') {
    throw new Error('@sparticuz/chromium does not export executablePath()');
  }
  return chromium.executablePath();
}

/**
 * Text only renders if fontconfig finds a font: without one, Chromium prints PDFs with no text at
 * all. `@sparticuz/chromium` unpacks Open Sans to `<tmp>/fonts` (next to the binary) but only
 * points fontconfig at it on AWS Lambda. We write a small fontconfig file that includes the host's
 * own configuration (if any: its fonts stay preferred, e.g. DejaVu on Debian) and adds the packaged
 * fonts, so a host with no fonts at all (a slim CI image) still gets readable, extractable text.
 * An operator's own FONTCONFIG_FILE/FONTCONFIG_PATH is left alone.
 */
async function sparticuzFontEnv(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  if (env.FONTCONFIG_FILE || env.FONTCONFIG_PATH) return {};
  const packagedFonts = join(tmpdir(), 'fonts');
  if (!(await exists(packagedFonts))) return {};
  const dir = join(tmpdir(), 'invoicing-fontconfig');
  const file = join(dir, 'fonts.conf');
  await fs.mkdir(dir, { recursive: true });
  // write-then-rename: a browser starting meanwhile (another renderer, another process) never
  // sees a half-written file
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(partial, fontconfigFile(packagedFonts, join(dir, 'cache')));
  await fs.rename(partial, file);
  return { FONTCONFIG_FILE: file };
}

/** A fontconfig file: the system configuration (when present) plus one more font folder. */
export function fontconfigFile(fontDir: string, cacheDir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${escapeXml(fontDir)}</dir>`,
    `  <cachedir>${escapeXml(cacheDir)}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return false;
    await fs.access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
