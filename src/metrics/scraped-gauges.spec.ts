import { Registry } from 'prom-client';
import { Database } from '../database/database';
import { Metrics } from './metrics';
import { registerScrapedGauges, ScrapedReading } from './scraped-gauges';

/** The exposition lines of `registry` for metrics whose names start with `prefix`. */
async function lines(registry: Registry, prefix: string): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((l) => l.startsWith(prefix));
}

describe('gauges read at scrape time', () => {
  const database = {} as Database; // the readings below are plain functions: nothing reaches a database
  const silent = { warn: () => undefined };

  it('run one reading per scrape however many gauges it fills, and set each, with labels where given', async () => {
    let reads = 0;
    const reading: ScrapedReading<'backlog' | 'oldest'> = {
      gauges: {
        backlog: { name: 'probe_backlog', help: 'probe', labelNames: ['state'] },
        oldest: { name: 'probe_oldest_seconds', help: 'probe' },
      },
      read: async () => {
        reads++;
        return {
          backlog: [
            { labels: { state: 'pending' }, value: 3 },
            { labels: { state: 'failing' }, value: 1 },
          ],
          oldest: 42,
        };
      },
    };
    const metrics = new Metrics(false);
    registerScrapedGauges(database, metrics, silent, [reading]);
    expect(await lines(metrics.registry, 'probe_')).toEqual([
      'probe_backlog{state="pending"} 3',
      'probe_backlog{state="failing"} 1',
      'probe_oldest_seconds 42',
    ]);
    expect(reads).toBe(1);
    await metrics.text();
    expect(reads).toBe(2);
  });

  it('leave the gauges empty for a scrape whose reading fails (no stale value), say so, and read again next time', async () => {
    let fail = false;
    const warnings: string[] = [];
    const metrics = new Metrics(false);
    registerScrapedGauges(database, metrics, { warn: (m: string) => void warnings.push(m) }, [
      {
        gauges: { lag: { name: 'probe_lag', help: 'probe' } },
        read: async () => {
          if (fail) throw new Error('connect ECONNREFUSED');
          return { lag: 5 };
        },
      },
    ]);
    expect(await lines(metrics.registry, 'probe_')).toEqual(['probe_lag 5']);
    fail = true;
    expect(await lines(metrics.registry, 'probe_')).toEqual([]);
    expect(warnings).toEqual(['gauges probe_lag could not be read: connect ECONNREFUSED']);
    fail = false;
    expect(await lines(metrics.registry, 'probe_')).toEqual(['probe_lag 5']);
  });
});
