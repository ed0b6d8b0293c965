import { Controller, Get } from '@nestjs/common';
import { ServiceUnavailableError } from '../common/errors/api-error';
import { Public } from '../common/http/public.decorator';
import { Database } from '../database/database';
import { ShutdownState } from './shutdown-state';

@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly shutdown: ShutdownState,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  /** The service can do its work: the database answers, and it is not shutting down. */
  @Get('readyz')
  async ready() {
    if (this.shutdown.stopping) throw new ServiceUnavailableError('The service is shutting down.');
    if (!(await this.database.isReachable())) throw new ServiceUnavailableError('The database is unreachable.');
    return { status: 'ok', database: 'ok' };
  }
}
