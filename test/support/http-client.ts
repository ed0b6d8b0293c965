import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** A complete HTTP answer: the status, the headers and the whole body. */
export interface HttpAnswer {
  kind: 'answer';
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: any;
  ms: number;
}

/**
 * No complete answer. `responseStarted` tells a request the server never answered (refused, reset
 * before any byte came back, timed out) from an answer cut off mid-way, which is never acceptable.
 */
export interface HttpFailure {
  kind: 'failure';
  error: string;
  responseStarted: boolean;
  ms: number;
}

export type HttpOutcome = HttpAnswer | HttpFailure;

export interface HttpCall {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  agent?: Agent;
  /** Give up after this long and report a `timeout` failure (the tests' bound on a hang). */
  timeoutMs?: number;
}

/**
 * One request to 127.0.0.1:port over plain node:http. It never throws: connection errors, resets
 * and timeouts come back as an HttpFailure, so load drivers can count and retry them.
 */
export function call(port: number, c: HttpCall): Promise<HttpOutcome> {
  const started = Date.now();
  const payload = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
  const headers: Record<string, string | number> = { ...c.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve) => {
    let responseStarted = false;
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (error: string) => settle({ kind: 'failure', error, responseStarted, ms: Date.now() - started });
    const req = httpRequest({ host: '127.0.0.1', port, method: c.method, path: c.path, headers, agent: c.agent ?? false }, (res) => {
      responseStarted = true;
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('aborted', () => fail('aborted'));
      res.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
      res.on('end', () => {
        if (!res.complete) return fail('incomplete');
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        settle({ kind: 'answer', status: res.statusCode!, headers: res.headers, text, body, ms: Date.now() - started });
      });
    });
    const timer = setTimeout(() => {
      fail('timeout');
      req.destroy();
    }, c.timeoutMs ?? 15000);
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    req.end(payload);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true, at most `timeoutMs`; resolves to whether it did. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/**
 * Writes bytes to the server as they are (no HTTP client would send malformed HTTP) and returns
 * the status and parsed body of what came back before the server closed the connection.
 */
export function rawHttp(port: number, bytes: string, timeoutMs = 5000): Promise<{ status: number; headers: string; body: any; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('no answer in time')), timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      let body: any;
      try {
        body = JSON.parse(rest.join('\r\n\r\n'));
      } catch {
        body = undefined;
      }
      resolve({ status, headers: head, body, text });
    });
    socket.write(bytes);
    // Half-close after writing, so a server waiting for more of a request learns there is none.
    setTimeout(() => socket.end(), 200);
  });
}
