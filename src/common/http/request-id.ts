import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller's request id is echoed when it is a sane token; anything else gets a fresh UUID. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}
