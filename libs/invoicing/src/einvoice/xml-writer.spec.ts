import { FormatFactoryService } from '@e-invoice-eu/core';
import { toEInvoiceModel } from './einvoice-model';
import { EINVOICE_SCENARIOS } from './einvoice-scenarios.helper-spec';
import type { EInvoiceFormat } from './formats';
import { renderXml } from './xml-writer';

/** xml-writer.ts writes what the library's own writer (xmlbuilder2) writes, byte for byte, for every scenario. */
describe('renderXml', () => {
  const generators: [string, EInvoiceFormat][] = [
    ['UBL', 'peppol'],
    ['XRECHNUNG-UBL', 'xrechnung_ubl'],
    ['CII', 'facturx'],
    ['XRECHNUNG-CII', 'xrechnung_cii'],
  ];
  it.each(generators)('%s: the same bytes as xmlbuilder2 for every scenario', async (generator, format) => {
    const formatter = new FormatFactoryService().createFormatService(generator, {
      log: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    });
    const f = formatter as unknown as { renderXML(data: unknown): string; cleanAttributes(data: unknown): void };
    const theirs = f.renderXML.bind(f);
    let ours = '';
    f.renderXML = (data: unknown) => {
      const copy = structuredClone(data);
      f.cleanAttributes(copy);
      ours = renderXml(copy as Parameters<typeof renderXml>[0]);
      return theirs(data);
    };
    for (const scenario of EINVOICE_SCENARIOS) {
      const model = toEInvoiceModel(structuredClone(scenario.doc), format);
      formatter.fillInvoiceDefaults(model);
      const written = await formatter.generate(model, { format: generator, lang: 'en-us', noWarnings: true });
      expect([scenario.name, ours]).toEqual([scenario.name, written]);
    }
  });

  it('escapes text and attributes, writes empty elements short and repeats arrays', () => {
    expect(renderXml({ a: { '@x': 'q"<&\n', b: ['1 < 2 & 3', ''], c: { '#': 't>' }, d: {} } })).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<a x="q&quot;&lt;&amp;&#xA;">\n\t<b>1 &lt; 2 &amp; 3</b>\n\t<b/>\n\t<c>t&gt;</c>\n\t<d/>\n</a>',
    );
  });
});
