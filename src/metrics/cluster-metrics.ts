import { AggregatorRegistry, Registry } from 'prom-client';
import { MetricsSource } from './metrics-listener';

/**
 * With WORKERS above 1, the primary serves the metrics: each scrape asks every worker for its
 * registry over the cluster's IPC channel and answers with their aggregation (prom-client's
 * AggregatorRegistry): counters and histograms summed, gauges as each declares (pool gauges
 * summed, gauges read from the database the highest value, process metrics as prom-client
 * defines).
 */
export function clusterMetricsSource(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, text: () => aggregator.clusterMetrics() };
}

let answering = false;

/**
 * In a worker: answer the primary's requests with `registry`. Called once as the worker starts,
 * without a registry (it answers with nothing while the application loads, instead of letting a
 * scrape wait for its 5 s timeout), then with the application's registry once it exists.
 */
export function answerPrimaryScrapes(registry?: Registry): void {
  if (!answering) {
    new AggregatorRegistry(); // installs the worker's listener for the primary's requests
    answering = true;
  }
  AggregatorRegistry.setRegistries(registry ? [registry] : []);
}
