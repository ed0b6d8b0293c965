import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { describeError } from '../../../common/errors/describe-error';
import { Metrics } from '../../../metrics/metrics';
import { ExpirePointsJob } from './expire-points.job';

/**
 * Runs the expiry job in the service every EXPIRY_INTERVAL_S seconds (0: never; `npm run cli --
 * expire-points` then, from cron say). Every instance and worker runs it: the job is safe to run
 * concurrently (exactly one expiry per lot), and no instance has to be elected. The next run is
 * timed from the end of the last, so runs never overlap in one process; shutdown waits for the
 * customer being expired, not for the batch.
 */
@Injectable()
export class ExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PointsExpiry');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly job: ExpirePointsJob,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.EXPIRY_INTERVAL_S > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.config.EXPIRY_INTERVAL_S * 1000);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      const run = await this.job.runOnce();
      this.metrics.expiryRan('ok', run.lots);
      if (run.lots > 0) this.logger.log(`expired ${run.lots} lots (${run.points} points) of ${run.customers} customers`);
    } catch (error) {
      this.metrics.expiryRan('failed', 0);
      // The database may be down for a while: the next run picks up where this one stopped.
      this.logger.warn(`expiry run failed: ${describeError(error)}`);
    }
  }
}
