import request from 'supertest';
import { ProbeModule } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [ProbeModule] });
  });
  afterAll(() => t.close());

  describe('health', () => {
    it('GET /healthz answers 200 without a key', async () => {
      const res = await request(t.server).get('/healthz').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /readyz answers 200 when the database is reachable', async () => {
      const res = await request(t.server).get('/readyz').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    });
  });

  describe('the error envelope', () => {
    it('answers an unknown route with 404 not_found', async () => {
      const res = await request(t.server).get('/api/v1/nothing-here').expect(404);
      expect(res.body).toEqual(envelope('not_found'));
      expect(res.headers['content-type']).toMatch(/application\/json/);
    });

    it('answers a wrong method on a known path with 404 not_found', async () => {
      const res = await request(t.server).delete('/healthz').expect(404);
      expect(res.body).toEqual(envelope('not_found'));
    });

    it('answers malformed JSON with 400 invalid_request', async () => {
      const res = await request(t.server).post('/__probe/echo').set('content-type', 'application/json').send('{"amount_cents": 1,').expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
    });

    it('answers a body that is not an object with 400 invalid_request', async () => {
      const res = await request(t.server).post('/__probe/echo').set('content-type', 'application/json').send('[1,2]').expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
    });

    it('answers a wrong content type with 400 invalid_request', async () => {
      const res = await request(t.server).post('/__probe/echo').set('content-type', 'text/plain').send('amount_cents=1').expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
      expect(res.body.error.message).toMatch(/application\/json/);
    });

    it('answers a form-encoded body with 400 invalid_request', async () => {
      const res = await request(t.server).post('/__probe/echo').type('form').send({ amount_cents: 1 }).expect(400);
      expect(res.body).toEqual(envelope('invalid_request'));
    });

    it('answers a body over 100 KB with 413 payload_too_large', async () => {
      const big = JSON.stringify({ identifier: { type: 'email', value: 'x'.repeat(101 * 1024) }, amount_cents: 1 });
      const res = await request(t.server).post('/__probe/echo').set('content-type', 'application/json').send(big).expect(413);
      expect(res.body).toEqual(envelope('payload_too_large'));
    });

    it('accepts a body just under 100 KB', async () => {
      const value = 'x'.repeat(99 * 1024);
      await request(t.server)
        .post('/__probe/echo')
        .send({ identifier: { type: 'email', value }, amount_cents: 1 })
        .expect(201);
    });

    it('answers validation failures with 400 invalid_request and field details', async () => {
      const res = await request(t.server)
        .post('/__probe/echo')
        .send({ identifier: { type: 'phone' }, amount_cents: 0 })
        .expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      const fields = res.body.error.details.map((d: any) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['identifier.type', 'identifier.value', 'amount_cents']));
    });

    it('drops unknown body fields before the handler sees them', async () => {
      const res = await request(t.server)
        .post('/__probe/echo')
        .send({ identifier: { type: 'email', value: 'a@b.c', extra: 1 }, amount_cents: 5, admin: true })
        .expect(201);
      expect(res.body.received).toEqual({ identifier: { type: 'email', value: 'a@b.c' }, amount_cents: 5 });
    });

    it('answers an unexpected failure with 500 internal_error and no internals', async () => {
      const res = await request(t.server).get('/__probe/boom').set('x-request-id', 'boom-1').expect(500);
      expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(res.text).not.toMatch(/SELECT|secret|at .*\.ts|stack/i);
      const logged = t.logs.find((l) => l.request_id === 'boom-1' && l.level >= 50);
      expect(logged?.err?.message).toMatch(/SELECT secret/);
    });
  });

  describe('request ids', () => {
    it('echoes the caller X-Request-Id', async () => {
      const res = await request(t.server).get('/healthz').set('x-request-id', 'till-7-abc').expect(200);
      expect(res.headers['x-request-id']).toBe('till-7-abc');
    });

    it('generates one when the caller sent none', async () => {
      const a = await request(t.server).get('/healthz');
      const b = await request(t.server).get('/healthz');
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it('replaces an unusable caller id (too long, odd characters) by a generated one', async () => {
      const res = await request(t.server).get('/healthz').set('x-request-id', 'x'.repeat(300));
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('puts the request id on error responses too', async () => {
      const res = await request(t.server).get('/nope').set('x-request-id', 'err-42').expect(404);
      expect(res.headers['x-request-id']).toBe('err-42');
    });

    it('writes one structured JSON log line per request carrying its id', async () => {
      await request(t.server).get('/__probe/db').set('x-request-id', 'log-me-1').expect(200);
      const lines = t.logs.filter((l) => l.request_id === 'log-me-1');
      expect(lines).toEqual([expect.objectContaining({ msg: 'request', method: 'GET', route: '/__probe/db', status: 200, ms: expect.any(Number) })]);
    });
  });

  it('reaches the database through the pool', async () => {
    const res = await request(t.server).get('/__probe/db').expect(200);
    expect(res.body).toEqual({ answer: 42 });
  });
});
