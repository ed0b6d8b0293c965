import fc from 'fast-check';
import { ERROR_STATUS } from '../../src/common/errors/error-codes';
import { Sql } from '../../src/database/database';
import { HttpOutcome } from './http-client';

/** JSON text written as it is: what JSON.stringify would never produce (1e400, -0, 20,000 levels of nesting). */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object given as its member list, so `__proto__` is an own member of the JSON text rather than a prototype. */
export class Members {
  constructor(readonly members: Array<[string, unknown]>) {}
}

/** Writes a body built from plain values, Raw and Members. */
export function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Members) return `{${value.members.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return jsonText(new Members(Object.entries(value)));
  return JSON.stringify(value) ?? 'null'; // NaN and Infinity become null, as in any JSON encoder
}

const nested = (depth: number, kind: 'array' | 'object') =>
  new Raw(kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

/** Strings that have broken services before: control characters, lone surrogates, direction marks, injections. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t',
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ufeff',
  '\u200b',
  '\u202eevil\u202c',
  'שלום',
  'مرحبا',
  '😀',
  '👩‍👩‍👧‍👦',
  'e\u0301',
  '\uffff',
  '\u{10ffff}',
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '$1',
  '\\',
  '\\u0000',
  '%00',
  '%s%s%n',
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '../../etc/passwd',
  '..\\..\\windows',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '-0',
  '0x1F',
  '1_000',
  '١٢٣',
  ' 100 ',
  '100abc',
  '1,5',
  '1.23456',
  'Europe/Paris',
  'europe/paris',
  'Etc/GMT+14',
  'Mars/Olympus',
  'a'.repeat(255),
  'a'.repeat(256),
  'x'.repeat(10_000),
  '😀'.repeat(300),
  'F55EA00D',
  'f55ea00d',
  'fuzz@example.com',
  ' FUZZ@EXAMPLE.COM ',
  'a@b',
  '@',
  '2026-02-30',
  '2026-11-25T14:30:00Z',
  '2026-11-25T14:30:00',
  '9999-12-31T23:59:59Z',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '25:00',
  '23:60',
  '-1',
];

/** Numbers at the edges, as JSON numbers and as JSON text no encoder would write. */
export const NASTY_NUMBERS: unknown[] = [
  0,
  -1,
  1,
  0.5,
  1.5,
  99.99999,
  1e308,
  -1e308,
  5e-324,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  1e21,
  1_000_000_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  new Raw('-0'),
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('1E2'),
  new Raw('1.0'),
  new Raw('0.0000000000000000001'),
  new Raw('123456789012345678901234567890'),
];

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  ' ',
  '$where',
  'a.b',
  '0',
  'organization_id',
  'id',
  'points_balance',
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
const nastyNumber = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double());
const nastyScalar = fc.oneof(fc.constant(null), fc.boolean(), nastyNumber, nastyString);
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }));
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 40_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nested(d, k));

/** Any JSON value a hostile client might send: wrong types, edge numbers, nasty strings, polluting keys, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    { weight: 6, arbitrary: nastyScalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map((m) => new Members(m)) },
    { weight: 1, arbitrary: deepNesting },
  ),
})).value;

/** Bodies that are not JSON objects at all, or not JSON. */
const GARBAGE_BODIES = [
  '',
  ' ',
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  'null',
  'true',
  '0',
  '"text"',
  '[]',
  '[{}]',
  '{}{}',
  '{"a":1}garbage',
  'NaN',
  '\u0000',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
];

type Path = Array<string | number>;

function setAt(target: any, path: Path, value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) {
    if (node[step] === null || typeof node[step] !== 'object' || node[step] instanceof Raw || node[step] instanceof Members) node[step] = {};
    node = node[step];
  }
  node[path[path.length - 1]] = value;
}

function deleteAt(target: any, path: Path): void {
  let node = target;
  for (const step of path.slice(0, -1)) {
    node = node?.[step];
    if (node === null || typeof node !== 'object') return;
  }
  if (node) delete node[path[path.length - 1]];
}

/** Every path to a leaf of a valid body: the fields the mutations aim at. */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
}

type Mutation = { kind: 'set'; path: Path; value: unknown } | { kind: 'delete'; path: Path } | { kind: 'extra'; key: string; value: unknown };

/**
 * Hostile bodies for a route, around one of its valid bodies: the valid body with 1-4 fields set
 * to hostile values, removed or joined by polluting keys (mostly), or something else entirely.
 * Some of them are valid, and are rightly accepted.
 */
export function hostileBody(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const paths = leafPaths(valid);
  const parents = paths.flatMap((p) => p.map((_, i) => p.slice(0, i + 1)));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths, ...parents), value: hostileValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths, ...parents) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), key: hostileKey, value: hostileValue }) },
  );
  const mutated = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    const body: any = structuredClone(valid);
    const extras: Array<[string, unknown]> = [];
    for (const m of mutations) {
      if (m.kind === 'set') setAt(body, m.path, m.value);
      else if (m.kind === 'delete') deleteAt(body, m.path);
      else extras.push([m.key, m.value]);
    }
    return jsonText(new Members([...Object.entries(body), ...extras]));
  });
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: 1, arbitrary: hostileValue.map(jsonText) },
    { weight: 1, arbitrary: fc.constantFrom(...GARBAGE_BODIES) },
  );
}

/** A path segment from any string: %-encoded, with lone surrogates as the (invalid) UTF-8 bytes they would be. */
export function encodeSegment(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    out +=
      ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff
        ? `%ED%${(0xa0 | ((unit >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(ch);
  }
  return out;
}

/** Path segments as an attacker writes them: encoded text, traversal, broken escapes, separators. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString.map(encodeSegment) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2E%2F',
      '..%2f..%2f',
      '%',
      '%ZZ',
      '%0',
      '%00',
      '%C0%AF',
      '%E0%80%AF',
      '%ff',
      '%252e%252e',
      ';',
      ';a=b',
      '~',
      '*',
      "'",
      '"',
      '!',
      '$',
      '&',
      '+',
      ',',
      '=',
      '@',
      ':',
      '%20',
      '+%20+',
      '',
      '//',
      'api',
      'v1',
      'admin',
      'organizations',
      'customers',
    ),
  },
);

/** Query strings with hostile names and values: repeated, bracketed, encoded, broken. */
export const hostileQuery = (names: string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...names, ...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`), '__proto__[x]', 'constructor[prototype][x]'),
          hostileSegment,
        ),
        fc.oneof(hostileSegment, fc.constantFrom('', '=', '&', '%26')),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => (pairs.length ? '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&') : ''));

/**
 * The contract for everything a client can send: never a 5xx, never a hang or a cut connection,
 * and every error in the envelope `{ error: { code, message[, details] } }` with a code from the
 * contract's closed list whose status is the one answered.
 */
export function expectWithinContract(outcome: HttpOutcome, what: string): void {
  if (outcome.kind !== 'answer') throw new Error(`${what}: no complete answer (${outcome.error})`);
  const { status, body, headers } = outcome;
  if (status >= 500) throw new Error(`${what}: ${status} ${outcome.text}`);
  if (status < 400) return;
  const problems: string[] = [];
  if (!/^application\/json/.test(String(headers['content-type']))) problems.push(`content-type ${headers['content-type']}`);
  const error = body?.error;
  if (!body || Object.keys(body).join() !== 'error' || typeof error !== 'object') problems.push('not the envelope');
  else {
    if (!(error.code in ERROR_STATUS)) problems.push(`unknown code ${error.code}`);
    else if (ERROR_STATUS[error.code as keyof typeof ERROR_STATUS] !== status) problems.push(`code ${error.code} with status ${status}`);
    if (typeof error.message !== 'string' || !error.message) problems.push('no message');
    if (Object.keys(error).some((k) => !['code', 'message', 'details'].includes(k))) problems.push(`extra members ${Object.keys(error)}`);
  }
  if (/\bat \S+\.[jt]s:\d+|node_modules|QueryFailedError|syntax error at or near/.test(outcome.text)) problems.push('internals leaked');
  if (problems.length) throw new Error(`${what}: ${problems.join('; ')}: ${status} ${outcome.text.slice(0, 300)}`);
}

/**
 * Everything one organization has stored, as one digest per table (rows, in a fixed order, as
 * text), read in one statement. A request that was refused must leave it unchanged.
 */
export async function storedState(sql: Sql, organizationId: string): Promise<Record<string, string>> {
  const digest = (table: string, order: string, where = 'organization_id = $1') =>
    `(SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY ${order}), '')) FROM ${table} t WHERE ${where}) AS ${table}`;
  const { rows } = await sql.query(
    `SELECT ${[
      digest('organizations', 'id', 'id = $1'),
      digest('api_keys', 'id'),
      digest('customer_accounts', 'id'),
      digest('event_streams', 'stream_id'),
      digest('events', 'position'),
      digest('idempotency_keys', 'external_ref'),
      digest('tiers', 'id'),
      digest('bonuses', 'id'),
      digest('earn_rules', 'id'),
      digest('rewards', 'id'),
    ].join(', ')}`,
    [organizationId],
  );
  return rows[0];
}
