import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ADMIN_TOKEN, POS_API_KEY, TAGS } from './decorators';

export const DOCS_PATH = '/api/docs';
export const DOCS_JSON_PATH = '/api/docs-json';

const DESCRIPTION = `
The POS API (\`/api/v1\`, an API key) lets a till award points, look up and register customers, list
rewards and redeem them. The admin API (\`/api/admin/v1\`, the \`ADMIN_TOKEN\`) configures
organizations. The integration guide (docs/integration.md) has the retry rules and every limit.

- JSON in and out, \`snake_case\`, bodies up to 100 KB. Unknown body fields are ignored. Bodies must be
  \`Content-Type: application/json\` (form bodies are refused), and a member given twice is refused.
- Text fields refuse control characters (newline, tab, NUL…) and invisible formatting characters
  (zero-width spaces, direction marks and overrides); the 400 names the field.
- Money is integer cents, points are integers, timestamps ISO 8601 in UTC.
- Every error has the body \`{ "error": { "code": "…", "message": "…" } }\` (validation errors add
  \`details\`). Program against \`code\`. Unknown routes and wrong methods: 404 \`not_found\`.
- Every response carries \`X-Request-Id\` (yours if you sent a sane one). POS responses carry
  \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\`.
- Transactions, orders and redemptions are idempotent through \`external_ref\`: a retry with the same
  ref and request answers 200 with \`"duplicate": true\`; the same ref with another request is 409.
`.trim();

/** The OpenAPI 3 document of every route, built from the controllers' and DTOs' decorators. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LoyalPanther API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'lp_live_…', description: 'An API key of the organization: `Authorization: Bearer lp_live_…`.' },
      POS_API_KEY,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'ADMIN_TOKEN',
        description: "The service's `ADMIN_TOKEN`. Without it set, every admin route answers 401.",
      },
      ADMIN_TOKEN,
    )
    .build();
  config.tags = [
    { name: TAGS.purchases, description: 'Award points for a sale: a plain amount, or an order with line items.' },
    { name: TAGS.customers, description: 'Look up and register customers.' },
    { name: TAGS.rewards, description: 'The rewards on offer, and redeeming them.' },
    { name: TAGS.organizations, description: 'Organizations (businesses) and their earn rate and time zone.' },
    { name: TAGS.apiKeys, description: 'The POS API keys of an organization.' },
    { name: TAGS.earningSettings, description: 'What points depend on: tiers, bonuses (e.g. happy hour) and product earn rules.' },
    { name: TAGS.rewardCatalogue, description: 'The reward catalogue as the dashboard manages it.' },
    { name: TAGS.ledger, description: "The auditor's feed of an organization's events." },
    { name: TAGS.health, description: 'Liveness and readiness, without credentials.' },
  ];
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
}

/** Swagger UI's files, served from the swagger-ui-dist package: nothing is loaded from elsewhere. */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const UI_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>LoyalPanther API</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/swagger-initializer.js"></script>
</body>
</html>
`;

// validatorUrl null: the UI would otherwise send the document to validator.swagger.io.
const UI_INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_JSON_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
  });
};
`;

/**
 * Serves the document at GET /api/docs-json and Swagger UI at GET /api/docs.
 *
 * These are plain Fastify routes, not Nest controllers: the global access guard never sees them,
 * so they need no key and count against no limit (like /healthz). Fastify's hooks still add
 * X-Request-Id, and anything else under /api/docs is the usual 404 envelope. The document is built
 * on first request, once. The UI's files are served from memory by name (no static-file plugin).
 */
export function serveOpenApi(app: INestApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  let document: string | undefined;
  fastify.get(DOCS_JSON_PATH, async (_request, reply) => {
    document ??= JSON.stringify(createOpenApiDocument(app));
    return reply.type('application/json; charset=utf-8').send(document);
  });

  const uiDirectory = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = new Map<string, Buffer>();
  const page = async (_request: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(UI_PAGE);
  fastify.get(DOCS_PATH, page);
  fastify.get(`${DOCS_PATH}/`, page);
  fastify.get(`${DOCS_PATH}/swagger-initializer.js`, async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(UI_INITIALIZER));
  for (const [name, type] of Object.entries(UI_FILES)) {
    fastify.get(`${DOCS_PATH}/${name}`, async (_request, reply) => {
      if (!files.has(name)) files.set(name, readFileSync(join(uiDirectory, name)));
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(files.get(name));
    });
  }
}
