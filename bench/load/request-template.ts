/**
 * A request of a scenario, written once for every load generator: `path` and `body` are text in
 * which `{code}` (a seeded customer's loyalty code, picked at random), `{ref}` (an external_ref
 * unique to this run) and `{amount}` (500 to 5499 cents) are filled in for each request. Both
 * generators fill them the same way: autocannon in JavaScript (autocannon.ts), wrk in Lua
 * (wrk-scenario.lua), from the parts `splitTemplate` makes.
 */
export interface RequestTemplate {
  /** How often this request is sent relative to the scenario's others (the mix's 60/30/10). */
  weight: number;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export const PLACEHOLDERS = ['code', 'ref', 'amount'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Literal text and placeholder names, alternating: even indexes are text, odd ones placeholders. */
export function splitTemplate(text: string): string[] {
  return text.split(/\{(code|ref|amount)\}/);
}

/** Whether a template gives the same request every time but for its customer (a lookup). */
export function needsUniqueValues(template: RequestTemplate): boolean {
  return /\{(ref|amount)\}/.test(template.path + (template.body ?? ''));
}

/** Fills a template's parts with one request's values. */
export function fill(parts: string[], value: (name: Placeholder) => string): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) out += i % 2 === 0 ? parts[i] : value(parts[i] as Placeholder);
  return out;
}

/** The values of one request, for the JavaScript generator (wrk-scenario.lua does the same in Lua). */
export function valueMaker(codes: readonly string[], runId: string): (name: Placeholder) => string {
  let counter = 0;
  return (name) => {
    if (name === 'code') return codes[Math.floor(Math.random() * codes.length)];
    if (name === 'ref') return `${runId}-${counter++}`;
    return String(500 + Math.floor(Math.random() * 5000));
  };
}
