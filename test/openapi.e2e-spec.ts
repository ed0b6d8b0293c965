import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PARAMTYPES_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import request from 'supertest';
import { ERROR_STATUS } from '../src/common/errors/error-codes';
import { TEST_ADMIN_TOKEN } from './support/fixtures';
import { Document, flatten, resolve, Schema, violations } from './support/openapi-schema';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The OpenAPI document against the code: every route the app registers is documented, every field
 * a request DTO validates is in its schema (and required exactly when the code requires it), error
 * responses name only codes of ERROR_STATUS with their status, and the real responses of a full
 * run through every route fit the documented schemas, field for field.
 */

const DOCS_ROUTES = ['/api/docs', '/api/docs/', '/api/docs-json'];
const isDocsRoute = (url: string) => DOCS_ROUTES.includes(url) || url.startsWith('/api/docs/');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

interface DeclaredRoute {
  method: string;
  path: string;
  body?: Type;
  query?: Type;
}

/** The routes as the Nest controllers declare them, with the DTO classes of @Body() and @Query(). */
function declaredRoutes(app: NestFastifyApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      const base: string = [Reflect.getMetadata(PATH_METADATA, controller)].flat()[0] ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (requestMethod === undefined) continue;
        const path =
          '/' +
          [base, Reflect.getMetadata(PATH_METADATA, handler) ?? '']
            .map((p: string) => p.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/');
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
        const types: unknown[] = Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype, name) ?? [];
        const dtoOf = (paramtype: RouteParamtypes) => {
          const arg = Object.entries(args).find(([key, value]) => key.startsWith(`${paramtype}:`) && value.data === undefined)?.[1];
          const type = arg && (types[arg.index] as Type | undefined);
          return type && type !== Object ? type : undefined;
        };
        routes.push({ method: RequestMethod[requestMethod], path, body: dtoOf(RouteParamtypes.BODY), query: dtoOf(RouteParamtypes.QUERY) });
      }
    }
  }
  return routes;
}

/** The fields class-validator checks on a DTO (inherited ones included), and which are optional. */
function validatedFields(dto: Type) {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].map((name) => {
    const own = metadata.filter((m) => m.propertyName === name);
    return {
      name,
      optional: own.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION),
      // The class of a nested object, as class-transformer builds it (its @Type()).
      nested: own.some((m) => m.type === ValidationTypes.NESTED_VALIDATION) ? (plainToInstance(dto, { [name]: {} }) as any)[name]?.constructor : undefined,
    };
  });
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  const registered: Array<{ method: string; url: string }> = [];
  const operations = () =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })));

  beforeAll(async () => {
    t = await startTestApp({
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat()) registered.push({ method: String(method), url: route.url ?? route.path });
          }),
    });
    doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  describe('serving', () => {
    it('GET /api/docs-json answers 200 without a key, with an OpenAPI 3 document', async () => {
      const res = await request(t.server).get('/api/docs-json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-request-id']).toBeTruthy();
      expect(res.body.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(res.body.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
      expect(Object.keys(res.body.paths).length).toBeGreaterThan(20);
      expect(res.body.components.securitySchemes).toEqual({
        api_key: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        admin_token: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      });
    });

    it('ignores credentials, even wrong ones, on the docs routes', async () => {
      await request(t.server).get('/api/docs-json').set('authorization', 'Bearer lp_live_wrong').expect(200);
      await request(t.server).get('/api/docs').set('authorization', 'Bearer nonsense').expect(200);
    });

    it('GET /api/docs serves Swagger UI, whose every asset comes from this server', async () => {
      for (const path of ['/api/docs', '/api/docs/']) {
        const res = await request(t.server).get(path).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
        expect(assets.length).toBeGreaterThanOrEqual(3);
        for (const asset of assets) {
          expect(asset).toMatch(/^\/api\/docs\//);
          await request(t.server).get(asset).expect(200);
        }
      }
      const init = await request(t.server).get('/api/docs/swagger-initializer.js').expect(200);
      expect(init.text).toContain("url: '/api/docs-json'");
      expect(init.text).toContain('validatorUrl: null');
    });

    it('leaves the 404 envelope of unknown routes alone, under /api/docs too', async () => {
      for (const path of ['/api/docs/nothing', '/api/docs/index.html', '/api/docs-yaml', '/api/nothing', '/nothing']) {
        const res = await request(t.server).get(path).expect(404);
        expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      }
      const res = await request(t.server).post('/api/docs-json').set('content-type', 'application/json').send({}).expect(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('routes', () => {
    it('documents every route the app registers under /api, and nothing else', () => {
      const apiRoutes = registered.filter((r) => r.url.startsWith('/api/') && !isDocsRoute(r.url) && r.method !== 'HEAD' && r.method !== 'OPTIONS');
      expect(apiRoutes.length).toBeGreaterThan(25);
      const missing = apiRoutes.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
      expect(missing).toEqual([]);

      const known = new Set(registered.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`));
      const extra = operations()
        .map((o) => `${o.method} ${o.path}`)
        .filter((key) => !known.has(key));
      expect(extra).toEqual([]);
    });

    it('reads the same routes from the controllers as Fastify registered (so the checks below see them all)', () => {
      const declared = declaredRoutes(t.app)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      const fromFastify = registered
        .filter((r) => !isDocsRoute(r.url) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      expect(declared).toEqual(fromFastify);
    });

    it('documents every path parameter', () => {
      const problems = operations().flatMap(({ path, method, op }) =>
        [...path.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1])
          .filter((name) => !op.parameters?.some((p: any) => p.in === 'path' && p.name === name && p.required))
          .map((name) => `${method} ${path}: {${name}}`),
      );
      expect(problems).toEqual([]);
    });

    it('asks for the API key on /api/v1, the admin token on /api/admin/v1, nothing on the health checks', () => {
      const problems = operations().flatMap(({ path, method, op }) => {
        const expected = path.startsWith('/api/v1/') ? [{ api_key: [] }] : path.startsWith('/api/admin/v1/') ? [{ admin_token: [] }] : undefined;
        return JSON.stringify(op.security) === JSON.stringify(expected) ? [] : [`${method} ${path}: ${JSON.stringify(op.security)}`];
      });
      expect(problems).toEqual([]);
    });

    it('gives every operation a summary, a tag and a success response', () => {
      const problems = operations().flatMap(({ path, method, op }) => {
        const found: string[] = [];
        if (!op.summary) found.push('summary');
        if (!op.tags?.length) found.push('tags');
        if (!Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))) found.push('a 2xx response');
        return found.map((what) => `${method} ${path}: no ${what}`);
      });
      expect(problems).toEqual([]);
    });
  });

  describe('request fields', () => {
    function dtoProblems(dto: Type, schema: Schema, where: string): string[] {
      const s = flatten(doc, schema);
      const documented = Object.keys(s.properties ?? {});
      const fields = validatedFields(dto);
      const problems: string[] = [];
      for (const field of fields) {
        const at = `${where}.${field.name}`;
        if (!s.properties?.[field.name]) {
          problems.push(`${at}: validated by ${dto.name} but not in the document`);
          continue;
        }
        const required = (s.required ?? []).includes(field.name);
        if (required === field.optional)
          problems.push(`${at}: ${field.optional ? 'optional' : 'required'} in ${dto.name} but ${required ? 'required' : 'optional'} in the document`);
        if (field.nested) {
          const fieldSchema = flatten(doc, s.properties[field.name]);
          problems.push(...dtoProblems(field.nested, fieldSchema.type === 'array' ? fieldSchema.items : fieldSchema, at));
        }
      }
      for (const name of documented) if (!fields.some((f) => f.name === name)) problems.push(`${where}.${name}: documented but ${dto.name} does not accept it`);
      return problems;
    }

    it('has every field of every @Body() DTO in the request schema, required exactly when the code requires it', () => {
      const routes = declaredRoutes(t.app).filter((r) => r.body);
      expect(routes.length).toBeGreaterThanOrEqual(14);
      const problems = routes.flatMap((route) => {
        const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
        const schema = op?.requestBody?.content?.['application/json']?.schema;
        if (!schema) return [`${route.method} ${route.path}: no JSON request body documented`];
        const fromDto = route.body!.name;
        if (resolve(doc, schema) !== doc.components?.schemas?.[fromDto]) return [`${route.method} ${route.path}: the body schema is not ${fromDto}`];
        return dtoProblems(route.body!, schema, `${route.method} ${route.path} body`);
      });
      expect(problems).toEqual([]);
    });

    it('has every field of every @Query() DTO as a query parameter', () => {
      const routes = declaredRoutes(t.app).filter((r) => r.query);
      expect(routes.length).toBeGreaterThanOrEqual(1);
      const problems = routes.flatMap((route) => {
        const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
        return validatedFields(route.query!).flatMap((field) => {
          const parameter = op.parameters?.find((p: any) => p.in === 'query' && p.name === field.name);
          if (!parameter) return [`${route.method} ${route.path}: ?${field.name} not documented`];
          return Boolean(parameter.required) === !field.optional ? [] : [`${route.method} ${route.path}: ?${field.name} required differs`];
        });
      });
      expect(problems).toEqual([]);
    });
  });

  describe('error responses', () => {
    const errorResponses = () =>
      operations().flatMap(({ path, method, op }) =>
        Object.entries<any>(op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]) => ({ where: `${method} ${path} ${status}`, status: Number(status), response })),
      );

    it('names only codes of ERROR_STATUS, each under its own status, with the envelope and an example per code', () => {
      const responses = errorResponses();
      expect(responses.length).toBeGreaterThan(100);
      const problems = responses.flatMap(({ where, status, response }) => {
        const content = response.content?.['application/json'];
        if (!content?.schema) return [`${where}: no JSON schema`];
        const body = flatten(doc, content.schema);
        const error = flatten(doc, body.properties?.error ?? {});
        const codes: string[] = error.properties?.code?.enum ?? [];
        const found: string[] = [];
        if (!codes.length) found.push(`${where}: no error codes`);
        if (!error.properties?.message || !(error.required ?? []).includes('message')) found.push(`${where}: not the error envelope`);
        for (const code of codes) {
          if (!(code in ERROR_STATUS)) found.push(`${where}: ${code} is not in ERROR_STATUS`);
          else if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status)
            found.push(`${where}: ${code} is ${ERROR_STATUS[code as keyof typeof ERROR_STATUS]}`);
        }
        const examples = Object.values<any>(content.examples ?? {}).map((e) => e.value?.error?.code);
        if (JSON.stringify([...examples].sort()) !== JSON.stringify([...codes].sort())) found.push(`${where}: examples ${examples} for codes ${codes}`);
        return found;
      });
      expect(problems).toEqual([]);
    });

    it('documents 401, 429, 500 and 503 on every API route, and 400 and 413 on every route with a body', () => {
      const problems = operations()
        .filter(({ path }) => path.startsWith('/api/'))
        .flatMap(({ path, method, op }) => {
          const expected = ['401', '429', '500', '503', ...(op.requestBody ? ['400', '413'] : [])];
          return expected.filter((s) => !op.responses[s]).map((s) => `${method} ${path}: no ${s}`);
        });
      expect(problems).toEqual([]);
    });
  });

  it('has examples that fit their own schemas (the seed page examples among them)', () => {
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      const bodies = [['request', op.requestBody], ...Object.entries<any>(op.responses)];
      for (const [what, holder] of bodies) {
        const content = holder?.content?.['application/json'];
        if (!content?.schema) continue;
        const examples = [...(content.example !== undefined ? [content.example] : []), ...Object.values<any>(content.examples ?? {}).map((e) => e.value)];
        for (const example of examples) problems.push(...violations(doc, content.schema, example).map((p) => `${method} ${path} ${what}: ${p}`));
      }
    }
    expect(problems).toEqual([]);

    const transaction = doc.paths['/api/v1/transactions'].post;
    expect(transaction.requestBody.content['application/json'].examples.seed.value).toEqual({
      identifier: { type: 'loyalty_code', value: 'F55EA00D' },
      amount_cents: 2500,
      external_ref: 'order-12345',
    });
    expect(transaction.responses['201'].content['application/json'].example).toEqual({
      customer: { loyalty_code: 'F55EA00D', name: 'Sophie', points_balance: 1265 },
      points_added: 25,
      duplicate: false,
      bonus_applied: 'Happy hour',
    });
    const order = doc.paths['/api/v1/orders'].post;
    expect(order.requestBody.content['application/json'].examples.seed.value.line_items[0]).toEqual({
      name: 'Cappuccino',
      category: 'drinks',
      quantity: 2,
      unit_price_cents: 350,
    });
    expect(order.responses['201'].content['application/json'].example.rules_applied).toEqual(['2 cappuccinos = 15 pts']);
  });

  describe('real responses', () => {
    const exercised = new Set<string>();
    const problems: string[] = [];

    /** Calls one documented route and holds the response against the document's schema for its status. */
    async function call(
      method: string,
      template: string,
      options: { params?: Record<string, string>; body?: object; query?: string; auth?: string | null } = {},
    ) {
      const url = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(options.params?.[name] ?? '')) + (options.query ? `?${options.query}` : '');
      let req = (request(t.server) as any)[method](url);
      if (options.auth) req = req.set('authorization', `Bearer ${options.auth}`);
      const res = options.body ? await req.send(options.body) : await req;
      const where = `${method.toUpperCase()} ${template} → ${res.status}`;
      const response = doc.paths[template]?.[method]?.responses?.[String(res.status)];
      if (!response) {
        problems.push(`${where}: status not documented (${res.text.slice(0, 200)})`);
        return res;
      }
      if (res.status >= 200 && res.status < 300) exercised.add(`${method} ${template}`);
      const schema = response.content?.['application/json']?.schema;
      if (res.status === 204 || !schema) {
        if (res.text) problems.push(`${where}: a body the document does not describe`);
      } else {
        problems.push(...violations(doc, schema, res.body).map((p) => `${where}: ${p}`));
      }
      return res;
    }

    it('fit the documented schemas on every route, field for field', async () => {
      const A = TEST_ADMIN_TOKEN;
      const org = (await call('post', '/api/admin/v1/organizations', { auth: A, body: { name: 'OpenAPI Café', timezone: 'Europe/Paris' } })).body.organization
        .id;
      const o = { org };
      await call('get', '/api/admin/v1/organizations/{org}', { auth: A, params: o });
      await call('patch', '/api/admin/v1/organizations/{org}', { auth: A, params: o, body: { earn_rate: '1' } });
      const key = (await call('post', '/api/admin/v1/organizations/{org}/api-keys', { auth: A, params: o, body: { name: 'till 1' } })).body.api_key.key;
      const spare = (await call('post', '/api/admin/v1/organizations/{org}/api-keys', { auth: A, params: o, body: { name: 'spare' } })).body.api_key.id;
      await call('get', '/api/admin/v1/organizations/{org}/api-keys', { auth: A, params: o });

      const settings: Record<string, string> = {};
      for (const [kind, body, change] of [
        ['tiers', { name: 'Silver', min_lifetime_points: 0, multiplier: 1 }, { multiplier: '1.5' }],
        ['bonuses', { name: 'Happy hour', multiplier: 2, days_of_week: [0, 1, 2, 3, 4, 5, 6] }, { active: true }],
        ['earn-rules', { name: '2 cappuccinos = 15 pts', type: 'product', match: 'Cappuccino', quantity: 2, points: 15 }, { points: 15 }],
        ['rewards', { name: 'Free coffee', points_cost: 10, icon: '☕', stock: 5 }, { description: 'A cup of coffee' }],
      ] as const) {
        const created = await call('post', `/api/admin/v1/organizations/{org}/${kind}`, { auth: A, params: o, body });
        settings[kind] = Object.values<any>(created.body)[0].id;
        await call('get', `/api/admin/v1/organizations/{org}/${kind}`, { auth: A, params: o });
        await call('patch', `/api/admin/v1/organizations/{org}/${kind}/{id}`, { auth: A, params: { org, id: settings[kind] }, body: change });
      }

      const sophie = { name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-01' };
      const code = (await call('post', '/api/v1/customers', { auth: key, body: sophie })).body.customer.loyalty_code;
      await call('post', '/api/v1/customers', { auth: key, body: sophie }); // 200, existing
      await call('post', '/api/v1/customers', { auth: key, body: { name: 'No Email' } });
      await call('get', '/api/v1/customers/{code}', { auth: key, params: { code } });
      await call('get', '/api/v1/customers', { auth: key, query: 'email=sophie%40example.com' });
      const identifier = { type: 'loyalty_code', value: code };
      for (let i = 0; i < 2; i++) {
        await call('post', '/api/v1/transactions', { auth: key, body: { identifier, amount_cents: 2500, external_ref: 'order-12345' } });
        await call('post', '/api/v1/orders', {
          auth: key,
          body: {
            identifier,
            external_ref: 'order-12346',
            line_items: [
              { name: 'Cappuccino', category: 'drinks', quantity: 2, unit_price_cents: 350 },
              { name: 'Cake', category: null, quantity: 1, unit_price_cents: 450 },
            ],
          },
        });
        await call('post', '/api/v1/redemptions', { auth: key, body: { identifier, reward_id: settings.rewards, external_ref: 'redeem-1' } });
      }
      for (let i = 0; i < 2; i++) {
        await call('post', '/api/v1/refunds', {
          auth: key,
          body: { sale_external_ref: 'order-12346', line_items: [{ name: 'Cappuccino', quantity: 1 }], external_ref: 'return-1' },
        });
      }
      const [redemption] = (await t.database.query(`SELECT event_id FROM events WHERE organization_id = $1 AND type = 'reward.redeemed'`, [org])).rows;
      for (let i = 0; i < 2; i++) {
        await call('post', '/api/v1/redemptions/{redemption_id}/reversal', {
          auth: key,
          params: { redemption_id: redemption.event_id },
          body: { reason: 'Not handed over' },
        });
      }
      await call('get', '/api/v1/rewards', { auth: key });
      const adjustments = '/api/admin/v1/organizations/{org}/customers/{code}/adjustments';
      for (let i = 0; i < 2; i++) {
        await call('post', adjustments, {
          auth: A,
          params: { org, code },
          body: { points: 50, reason: 'goodwill', note: 'Coffee was cold', external_ref: 'ticket-1' },
        });
      }
      await call('post', adjustments, { auth: A, params: { org, code }, body: { points: -5, reason: 'correction' } });
      const page = await call('get', '/api/v1/customers/{code}/activity', { auth: key, params: { code }, query: 'limit=2' });
      await call('get', '/api/v1/customers/{code}/activity', { auth: key, params: { code }, query: `limit=2&before=${page.body.next_before}` });
      await call('post', '/api/v1/customers', { auth: key, body: { name: 'Marc', email: 'marc@example.com' } });
      await call('patch', '/api/v1/customers/{code}', { auth: key, params: { code }, body: { email: 'sophie.martin@example.com', birthday: null } });
      await call('get', '/api/admin/v1/organizations/{org}/customers', { auth: A, params: o, query: 'query=sophie&limit=5' });
      await call('get', '/api/admin/v1/organizations/{org}/customers', { auth: A, params: o });
      await call('get', '/api/admin/v1/organizations/{org}/ledger', { auth: A, params: o, query: 'after=0&limit=50' });
      await call('get', '/healthz');
      await call('get', '/readyz');

      // Errors: the status is documented for the route, and the body fits the narrowed envelope.
      await call('get', '/api/v1/customers/{code}', { auth: key, params: { code: '00000000' } });
      await call('get', '/api/v1/customers', { auth: key });
      await call('get', '/api/v1/rewards', { auth: null });
      await call('post', '/api/v1/transactions', { auth: key, body: { identifier, amount_cents: 0 } });
      await call('post', '/api/v1/transactions', { auth: key, body: { identifier, amount_cents: 1 } });
      await call('post', '/api/v1/transactions', { auth: key, body: { identifier, amount_cents: 9999, external_ref: 'order-12345' } });
      await call('post', '/api/v1/redemptions', { auth: key, body: { identifier, reward_id: '00000000-0000-4000-8000-000000000000' } });
      await call('post', '/api/v1/refunds', { auth: key, body: { sale_external_ref: 'no-such-sale' } });
      await call('post', '/api/v1/refunds', { auth: key, body: { sale_external_ref: 'order-12345', amount_cents: 999999 } });
      await call('post', '/api/v1/redemptions/{redemption_id}/reversal', {
        auth: key,
        params: { redemption_id: '00000000-0000-4000-8000-000000000000' },
        body: {},
      });
      await call('get', '/api/admin/v1/organizations/{org}', { auth: A, params: { org: '00000000-0000-4000-8000-000000000000' } });
      await call('get', '/api/admin/v1/organizations/{org}/ledger', { auth: A, params: o, query: 'limit=0' });
      await call('patch', '/api/v1/customers/{code}', { auth: key, params: { code }, body: { email: 'marc@example.com' } });
      await call('patch', '/api/v1/customers/{code}', { auth: key, params: { code }, body: { name: null } });
      await call('get', '/api/v1/customers/{code}/activity', { auth: key, params: { code }, query: 'before=nonsense' });
      await call('post', adjustments, { auth: A, params: { org, code }, body: { points: -1_000_000, reason: 'fraud' } });
      await call('post', adjustments, { auth: A, params: { org, code: '00000000' }, body: { points: 1, reason: 'other' } });
      await call('get', '/api/admin/v1/organizations/{org}/customers', { auth: A, params: o, query: 'query=%40%40' });
      await call('get', '/api/admin/v1/organizations/{org}', { auth: 'wrong-token', params: o });

      await call('delete', '/api/admin/v1/organizations/{org}/api-keys/{id}', { auth: A, params: { org, id: spare } });
      for (const kind of ['rewards', 'earn-rules', 'bonuses', 'tiers']) {
        await call('delete', `/api/admin/v1/organizations/{org}/${kind}/{id}`, { auth: A, params: { org, id: settings[kind] } });
      }

      expect(problems).toEqual([]);
      const unexercised = operations()
        .map((o) => `${o.method} ${o.path}`)
        .filter((key) => !exercised.has(key));
      expect(unexercised).toEqual([]);
    });
  });
});
