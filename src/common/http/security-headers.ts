import type { ServerResponse } from 'node:http';
import { Header } from '@nestjs/common';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from 'helmet';

/**
 * The security headers of every response, set by `@fastify/helmet` (registered once, in
 * configure-app.ts). Helmet's defaults, with these decisions:
 * - One Content-Security-Policy for everything: JSON needs none, and the one page the service
 *   serves, Swagger UI, loads only its own files (`/api/docs/*`). No `https:` sources (nothing
 *   comes from elsewhere), inline styles only (Swagger UI sets style attributes), images from the
 *   service and `data:` URLs, and no framing at all.
 * - No `upgrade-insecure-requests`: on a plain-HTTP address of a local network it would make the
 *   browser fetch Swagger UI's files over HTTPS, which the service does not speak.
 * - No `Strict-Transport-Security`: the service speaks HTTP behind a TLS terminator, which is where
 *   HSTS belongs (it must not be sent for a whole domain by one service behind it).
 * - `X-Frame-Options: DENY` beside `frame-ancestors 'none'`, for browsers that only know the former.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'none'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
    },
  },
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
};

/**
 * The same headers as plain values, taken from helmet itself with the same options, for the two
 * answers written before any hook runs: a URL the router cannot read (answerFrameworkError) and
 * bytes that are not HTTP (answerClientError, written straight to the socket).
 */
export const SECURITY_HEADER_VALUES: Readonly<Record<string, string>> = (() => {
  const { global: _global, enableCSPNonces: _nonces, ...options } = SECURITY_HEADERS;
  const values: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (values[name.toLowerCase()] = String(value)), removeHeader: () => undefined };
  helmet(options)({} as never, response as unknown as ServerResponse, () => undefined);
  return Object.freeze(values);
})();

/**
 * For a response that carries a secret (an API key at creation; later webhook secrets and
 * one-time passwords): no cache, shared or private, may keep it. Errors of such a route carry no
 * secret and are left as they are.
 */
export const CarriesSecret = () => Header('Cache-Control', 'no-store');
