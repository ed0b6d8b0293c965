import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { answerPrimaryScrapes } from './cluster-metrics';
import { Metrics } from './metrics';
import { MetricsListener } from './metrics-listener';

/**
 * Makes a serving process's metrics scrapeable: on its own listener when it serves alone, through
 * the cluster primary (which listens for all of them) when it is a worker. Nothing with METRICS_PORT=0.
 */
export async function exposeMetrics(config: AppConfig, metrics: Metrics, logger: Logger): Promise<MetricsListener | undefined> {
  if (!metrics.enabled) return undefined;
  if (cluster.isWorker) {
    answerPrimaryScrapes(metrics.registry);
    return undefined;
  }
  return MetricsListener.open(config.METRICS_HOST, config.METRICS_PORT, { contentType: metrics.registry.contentType, text: () => metrics.text() }, logger);
}
