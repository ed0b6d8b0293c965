import { driveWithAutocannon } from './autocannon';
import { LoadOptions, LoadResult } from './load-result';
import { driveWithWrk, wrkInstalled } from './wrk';

export type LoadGeneratorName = 'wrk' | 'autocannon';

export interface LoadGenerator {
  name: LoadGeneratorName;
  drive(options: LoadOptions): Promise<LoadResult>;
}

/**
 * wrk when it is installed (or asked for), autocannon otherwise: autocannon needs nothing but npm,
 * wrk leaves more of the shared machine to the service (docs/performance.md).
 */
export function loadGenerator(asked: string | undefined): LoadGenerator {
  const name = asked ?? (wrkInstalled() ? 'wrk' : 'autocannon');
  if (name === 'wrk') {
    if (!wrkInstalled()) throw new Error('--load-generator wrk: wrk is not installed (apt-get install wrk)');
    return { name, drive: driveWithWrk };
  }
  if (name === 'autocannon') return { name, drive: driveWithAutocannon };
  throw new Error(`--load-generator: wrk or autocannon, not ${name}`);
}
