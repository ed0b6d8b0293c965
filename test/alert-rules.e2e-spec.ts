import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const PROMETHEUS_DIR = join(__dirname, '..', 'docker', 'prometheus');

/** promtool, from Debian's `prometheus` package (`apt-get install prometheus`), if installed. */
function promtoolVersion(): string | undefined {
  const run = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? `${run.stdout}${run.stderr}`.split('\n')[0] : undefined;
}

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const version = promtoolVersion();
if (!version) {
  // Skipped, and said so: the rules are only checked where promtool installs.
  console.warn('promtool is not installed (Debian: apt-get install prometheus): the alert rules in docker/prometheus were NOT checked');
}
const withPromtool = version ? describe : describe.skip;

/** The alert rules and scrape configuration shipped in docker/prometheus, as Prometheus itself reads them. */
withPromtool(`docker/prometheus, checked by ${version ?? 'promtool (not installed: skipped)'}`, () => {
  it('alerts.yml holds six valid alert rules', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 6 rules found') });
  });

  it('each rule fires on the series it is meant for, and not before (alerts.test.yml)', () => {
    const test = promtool('test', 'rules', 'alerts.test.yml');
    expect(test).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('prometheus.yml, the documented scrape configuration, is valid and loads the rules', () => {
    const check = promtool('check', 'config', 'prometheus.yml');
    expect(check).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 1 rule files found') });
  });
});
