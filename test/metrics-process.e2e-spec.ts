import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { httpGet, scrape } from './support/metrics-scrape';
import { listeningPorts, procAvailable, processTree, serverOf } from './support/process-sockets';
import { ServiceProcess } from './support/service-process';
import { testDatabaseUrl } from './support/test-app';
import { freePort } from './support/test-database';

/** GET `path` through `agent` (one kept-alive connection): the status and the client's end of the connection. */
function getOn(agent: Agent, port: number, path: string): Promise<{ status: number; clientPort: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      const clientPort = res.socket.localPort!;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, clientPort }));
    });
    req.on('error', reject);
    req.end();
  });
}

const REQUESTS = 'loyalpanther_http_requests_total';

/** Which ports the service's processes listen on, read from /proc rather than taken from its logs. */
const portsOf = (service: ServiceProcess) => listeningPorts(processTree(service.pid));

/**
 * The metrics listener of the built service (`node dist/main.js`), as operators run it: on its own
 * port beside the API's, none with METRICS_PORT=0, and with WORKERS=2 one scrape for both workers.
 * What the processes listen on and which worker served a connection are read from Linux's /proc.
 */
const onLinux = procAvailable() ? describe : describe.skip;
onLinux('the metrics listener of the service process', () => {
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await service?.kill('SIGKILL');
    service = undefined;
  });

  it('listens on METRICS_PORT beside PORT, and the main port does not serve the metrics', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    service = new ServiceProcess({ DATABASE_URL: testDatabaseUrl(), PORT: String(port), METRICS_PORT: String(metricsPort) }).start();
    await service.listening();
    expect(portsOf(service)).toEqual([port, metricsPort].sort((a, b) => a - b));
    expect(service.text).toMatch(/"msg":"metrics listening"/);

    await httpGet(port, '/healthz');
    expect((await scrape(metricsPort)).value(REQUESTS, { route: '/healthz', method: 'GET', status: '200' })).toBe(1);
    const onMain = await httpGet(port, '/metrics');
    expect({ status: onMain.status, body: JSON.parse(onMain.text) }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.any(String) } },
    });
  });

  it('opens no port for metrics with METRICS_PORT=0', async () => {
    const port = await freePort();
    service = new ServiceProcess({ DATABASE_URL: testDatabaseUrl(), PORT: String(port), METRICS_PORT: '0' }).start();
    await service.listening();
    expect(portsOf(service)).toEqual([port]);
    expect(service.text).not.toMatch(/metrics listening/);
  });

  it('keeps serving the API when the metrics port is taken, and says so', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(metricsPort, '127.0.0.1', resolve));
    try {
      service = new ServiceProcess({ DATABASE_URL: testDatabaseUrl(), PORT: String(port), METRICS_PORT: String(metricsPort) }).start();
      await service.listening();
      expect(service.text).toMatch(/the metrics listener could not open; serving without metrics/);
      expect((await httpGet(port, '/healthz')).status).toBe(200);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('with WORKERS=2, reports both workers in one scrape: requests each served, pools summed', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    service = new ServiceProcess({
      DATABASE_URL: testDatabaseUrl(),
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      WORKERS: '2',
      DB_POOL_SIZE: '3',
    }).start();
    for (let i = 0; i < 300 && !/"workers":2/.test(service.text); i++) await new Promise((r) => setTimeout(r, 100));
    expect(service.text).toMatch(/"workers":2/);
    const workers = processTree(service.pid).filter((pid) => pid !== service!.pid);
    expect(workers).toHaveLength(2);
    // The primary holds both listening sockets; its workers take connections from it.
    expect(portsOf(service)).toEqual([port, metricsPort].sort((a, b) => a - b));

    // Two kept-alive connections that two different workers serve (the primary hands connections
    // to its workers in turn): one asks only /healthz, the other only /readyz.
    const agents: Agent[] = [];
    const servedBy = new Map<number, Agent>();
    try {
      for (let tries = 0; servedBy.size < 2 && tries < 10; tries++) {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(agent);
        const { clientPort } = await getOn(agent, port, tries % 2 ? '/readyz' : '/healthz');
        const worker = serverOf(workers, port, clientPort);
        if (worker !== undefined && !servedBy.has(worker)) servedBy.set(worker, agent);
      }
      expect(servedBy.size).toBe(2);
      const [first, second] = [...servedBy.values()];
      // Counting from here: the scrape before is the baseline.
      const before = await scrape(metricsPort);
      for (let i = 0; i < 10; i++) await getOn(first, port, '/healthz');
      for (let i = 0; i < 20; i++) await getOn(second, port, '/readyz');
      const after = await scrape(metricsPort);
      const served = (route: string) =>
        after.value(REQUESTS, { route, method: 'GET', status: '200' }) - before.value(REQUESTS, { route, method: 'GET', status: '200' });
      expect({ healthz: served('/healthz'), readyz: served('/readyz') }).toEqual({ healthz: 10, readyz: 20 });
      // Each worker has a pool of DB_POOL_SIZE: the instance's is their sum.
      expect(after.value('loyalpanther_db_pool_max_connections')).toBe(6);
    } finally {
      for (const agent of agents) agent.destroy();
    }
  });
});
