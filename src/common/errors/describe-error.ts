/**
 * A sentence for an operator about an error that stopped the service or a CLI command: what went
 * wrong and, where it is known, what to do. Never "undefined": some libraries reject with nothing
 * (the embedded PostgreSQL's start when its server exits), and a failed connection to "localhost"
 * is an AggregateError with an empty message (one error per address tried).
 */
export function describeError(error: unknown): string {
  const what = whatWentWrong(error);
  const todo = whatToDo(error);
  return todo ? `${what} ${todo}` : what;
}

function whatWentWrong(error: unknown): string {
  if (error === undefined || error === null) return 'It failed without saying why (an error with no message).';
  if (typeof error === 'string') return error.trim() || 'It failed without saying why (an empty message).';
  if (error instanceof AggregateError && !error.message && error.errors.length) {
    return [...new Set(error.errors.map(whatWentWrong))].join(' ');
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error.message) return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
    return code ? `${error.name}: ${code}` : `${error.name} without a message.`;
  }
  try {
    return `It failed with ${JSON.stringify(error)}.`;
  } catch {
    return 'It failed with a value that cannot be shown.';
  }
}

/** The usual causes, by the codes Node and PostgreSQL give them. */
const TODO: Record<string, string> = {
  ECONNREFUSED: 'Nothing answers at the database address: is PostgreSQL running, and are the host and port of DATABASE_URL right?',
  ENOTFOUND: 'The database host name is unknown: check the host in DATABASE_URL.',
  ETIMEDOUT: 'The database did not answer in time: check the address in DATABASE_URL and the network to it.',
  EADDRINUSE: 'Another program uses this port: stop it, or set PORT to a free one.',
  EACCES: 'This user may not use that port or file: choose a port above 1023 (PORT), or check the permissions.',
  '28P01': 'The database refused the user or password: check DATABASE_URL.',
  '28000': 'The database refused this user: check DATABASE_URL and pg_hba.conf.',
  '3D000': 'That database does not exist: create it (createdb NAME) or fix the database name in DATABASE_URL.',
  '57P03': 'The database is starting up or shutting down: try again in a moment.',
};

function whatToDo(error: unknown): string | undefined {
  const codes = error instanceof AggregateError ? error.errors.map((e) => e?.code) : [(error as { code?: unknown } | null)?.code];
  for (const code of codes) if (typeof code === 'string' && TODO[code]) return TODO[code];
  return undefined;
}
