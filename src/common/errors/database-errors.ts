/**
 * Recognises errors that mean "the database cannot be reached right now" (refused or dropped
 * connections, pool timeouts, a server shutting down or starting up, a statement timeout), which
 * the API answers with 503 `unavailable`: the request did not take effect and is safe to retry.
 */
const UNAVAILABLE_SQLSTATE_PREFIXES = ['08', '53', '57P']; // connection exception, insufficient resources, operator intervention
const UNAVAILABLE_SQLSTATES = new Set(['57014' /* statement timeout / query_canceled */, '40001' /* serialization */, '40P01' /* deadlock */]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /Connection terminated unexpectedly/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down)/i,
  /terminating connection/i,
  /Client was closed and is not queryable/i,
  /Query read timeout/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.driverError ?? e.cause, depth++) {
    const code: unknown = e.code;
    if (typeof code === 'string') {
      if (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE_PREFIXES.some((p) => code.startsWith(p))) return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message))) return true;
  }
  return false;
}

/**
 * Constraint violations that only a client's value can cause (a null where a value is required, a
 * duplicate name, a number out of range, a NUL character, which PostgreSQL text cannot hold: 22021
 * as a parameter, 22P05 inside JSON). Validation catches them first; the database's refusal is the
 * safety net, answered as 400 rather than 500.
 */
const CLIENT_SQLSTATES = new Set(['23502', '23505', '23514', '22P02', '22003', '22007', '22008', '22001', '22021', '22P05']);

export function isConstraintViolation(error: unknown): boolean {
  const code = (error as any)?.code ?? (error as any)?.driverError?.code;
  return typeof code === 'string' && CLIENT_SQLSTATES.has(code);
}
