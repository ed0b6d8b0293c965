import { Gauge } from 'prom-client';
import type { LoggerService } from '@nestjs/common';
import { Database } from '../database/database';
import { sequencerLag } from '../modules/ledger/feed/ledger-sequencer';
import { expiryBacklog } from '../modules/points/expire-points/expiry-backlog';
import { Metrics } from './metrics';

/** One value of a gauge; `labels` only from a closed set (a state, never an id). */
export interface GaugeValue {
  labels?: Record<string, string>;
  value: number;
}

/**
 * Gauges read from the database when Prometheus scrapes, one statement per reading however many
 * gauges it fills. Each worker of a cluster reads the same database, so the primary keeps the
 * highest of their values, not their sum.
 */
export interface ScrapedReading<G extends string = string> {
  gauges: Record<G, { name: string; help: string; labelNames?: string[] }>;
  read(database: Database): Promise<Record<G, number | GaugeValue[]>>;
}

/**
 * Every gauge read at scrape time. Adding one is adding an entry here (the statement itself
 * beside the code that owns its tables, like `sequencerLag`). The expiry job's backlog is one (its
 * last run is set by the job's scheduler: Metrics.expiryRan); the webhook backlog (step 14) will be another.
 */
export const SCRAPED_READINGS: ScrapedReading[] = [
  {
    gauges: {
      events: {
        name: 'loyalpanther_ledger_unsequenced_events',
        help: 'Committed events without a ledger position yet (capped at 100000): what the next ledger feed read will sequence.',
      },
      oldestAgeSeconds: {
        name: 'loyalpanther_ledger_oldest_unsequenced_event_age_seconds',
        help: 'Age of the oldest committed event without a ledger position, 0 when none waits.',
      },
    },
    read: async (database) => ({ ...(await sequencerLag(database)) }),
  },
  {
    gauges: {
      customers: {
        name: 'loyalpanther_expiry_due_customers',
        help: 'Customers with a lot past its expiry, not yet expired (capped at 100000): what the next expiry run will do.',
      },
      oldestAgeSeconds: {
        name: 'loyalpanther_expiry_oldest_due_age_seconds',
        help: 'How long the longest-waiting lot has been past its expiry, 0 when none waits: grows when the job falls behind or stops.',
      },
    },
    read: async (database) => ({ ...(await expiryBacklog(database)) }),
  },
];

/**
 * Registers each reading's gauges. The gauges of one reading share its statement: the first to be
 * collected in a scrape starts it, the others wait for the same result. A reading that fails (the
 * database down) leaves its gauges empty for that scrape, so an alert sees no value rather than a
 * stale one; the failure is logged once per scrape.
 */
export function registerScrapedGauges(database: Database, metrics: Metrics, logger: Pick<LoggerService, 'warn'>, readings = SCRAPED_READINGS): void {
  for (const reading of readings) {
    let inFlight: Promise<Record<string, number | GaugeValue[]> | undefined> | undefined;
    const readOnce = () =>
      (inFlight ??= reading
        .read(database)
        .then(
          (values) => values,
          (error) => (
            logger.warn(
              `gauges ${Object.values(reading.gauges)
                .map((g) => g.name)
                .join(', ')} could not be read: ${(error as Error)?.message}`,
            ),
            undefined
          ),
        )
        .finally(() => (inFlight = undefined)));
    for (const [key, { name, help, labelNames }] of Object.entries(reading.gauges)) {
      new Gauge({
        name,
        help,
        labelNames: labelNames ?? [],
        aggregator: 'max',
        registers: [metrics.registry],
        async collect() {
          const values = await readOnce();
          this.reset();
          if (values) setGauge(this, values[key]);
          // reset() leaves a gauge without labels at 0, which would read as "nothing waiting".
          else if (!labelNames?.length) this.remove({});
        },
      });
    }
  }
}

function setGauge(gauge: Gauge, value: number | GaugeValue[]): void {
  if (typeof value === 'number') return gauge.set(value);
  for (const each of value) gauge.set(each.labels ?? {}, each.value);
}
