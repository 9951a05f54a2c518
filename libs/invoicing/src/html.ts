/**
 * HTML escaping for the invoice template.
 *
 * `escapeHtml` is the one function that escapes text. The `html` tagged template calls it for every
 * interpolated value unless the value is already `SafeHtml` (the output of another `html` template),
 * so a template cannot forget to escape: `html\`<td>${name}</td>\`` is always safe.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape `& < > " '` so the value is inert as element text and inside quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** A fragment of markup that is already safe (built by `html`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | bigint | boolean | null | undefined | readonly Interpolation[];

/**
 * Tagged template: literal parts are kept, values are escaped with `escapeHtml`, except `SafeHtml`
 * fragments (kept) and arrays (each item handled the same way, joined). `null`, `undefined` and
 * `false` render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + strings[i + 1];
  }
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}
