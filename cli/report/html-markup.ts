/** Markup we wrote ourselves, with every value in it already escaped. */
export class Markup {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

function render(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag for HTML: every interpolated value is escaped unless it
 * is Markup; arrays are joined; undefined, null and false render nothing.
 * Attributes in templates are always double-quoted.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}

/** Trusted markup from a constant (CSS, a script we wrote). */
export function raw(text: string): Markup {
  return new Markup(text);
}

/** A fragment id derived from data: only `[a-z0-9-]`, never empty. */
export function anchor(...parts: string[]): string {
  const slug = parts.join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `x-${slug}`;
}
