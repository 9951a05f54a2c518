import { promises as fs, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, fontconfigFile, resolveChromium, SYSTEM_CHROMIUM_PATHS } from './chromium';

describe('findChromium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'find-chromium-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('uses CHROMIUM_PATH when it is an executable file', async () => {
    const exe = join(dir, 'my-chromium');
    await fs.writeFile(exe, '#!/bin/sh\n', { mode: 0o755 });
    await expect(findChromium({ CHROMIUM_PATH: exe })).resolves.toBe(exe);
    await expect(resolveChromium({ CHROMIUM_PATH: exe })).resolves.toEqual({ executablePath: exe, source: 'CHROMIUM_PATH', env: {} });
  });

  it('fails clearly when CHROMIUM_PATH is set but wrong, instead of using another browser', async () => {
    await expect(findChromium({ CHROMIUM_PATH: join(dir, 'missing') })).rejects.toThrow(
      /CHROMIUM_PATH is set to ".*missing", but there is no executable file there/,
    );
    const notExecutable = join(dir, 'plain-file');
    await fs.writeFile(notExecutable, 'x', { mode: 0o644 });
    await expect(findChromium({ CHROMIUM_PATH: notExecutable })).rejects.toThrow(/no executable file/);
    await expect(findChromium({ CHROMIUM_PATH: dir })).rejects.toThrow(/no executable file/);
  });

  it('without CHROMIUM_PATH finds a system Chromium or unpacks the bundled @sparticuz/chromium', async () => {
    const found = await resolveChromium({});
    expect(existsSync(found.executablePath)).toBe(true);
    const system = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
    if (system) {
      expect(found).toEqual({ executablePath: system, source: 'system', env: {} });
    } else {
      expect(found.source).toBe('@sparticuz/chromium');
      expect(found.executablePath).toBe(join(tmpdir(), 'chromium'));
      // the packaged fonts are added to the host's, so text renders even on a host without fonts
      const conf = await fs.readFile(found.env.FONTCONFIG_FILE, 'utf8');
      expect(conf).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
      expect(conf).toContain(`<dir>${join(tmpdir(), 'fonts')}</dir>`);
      expect(existsSync(join(tmpdir(), 'fonts'))).toBe(true);
      // an operator's own fontconfig is left alone
      expect((await resolveChromium({ FONTCONFIG_FILE: '/etc/fonts/fonts.conf' })).env).toEqual({});
    }
    await expect(findChromium({ CHROMIUM_PATH: '  ' })).resolves.toBe(found.executablePath); // blank = unset
  });

  it('writes a fontconfig file that keeps the system fonts and adds a folder (XML-escaped)', () => {
    expect(fontconfigFile('/tmp/a&b/fonts', '/tmp/c<d')).toBe(
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        '  <dir>/tmp/a&#38;b/fonts</dir>',
        '  <cachedir>/tmp/c&#60;d</cachedir>',
        '</fontconfig>',
        '',
      ].join('\n'),
    );
  });
});
