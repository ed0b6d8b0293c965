import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceUnavailableError } from '../common/errors/api-error';
import { Public } from '../common/http/public.decorator';
import { ApiErrors, TAGS } from '../common/openapi/decorators';
import { Database } from '../database/database';
import { ShutdownState } from './shutdown-state';

@Public()
@ApiTags(TAGS.health)
@Controller()
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly shutdown: ShutdownState,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('healthz')
  @ApiOperation({ summary: 'The process is up', description: 'No key, no rate limit.' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  health() {
    return { status: 'ok' };
  }

  /** The service can do its work: the database answers, and it is not shutting down. */
  @Get('readyz')
  @ApiOperation({ summary: 'The database answers and the service is not shutting down', description: 'No key, no rate limit.' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'database'],
      properties: { status: { type: 'string', enum: ['ok'] }, database: { type: 'string', enum: ['ok'] } },
    },
  })
  @ApiErrors('unavailable')
  async ready() {
    if (this.shutdown.stopping) throw new ServiceUnavailableError('The service is shutting down.');
    if (!(await this.database.isReachable())) throw new ServiceUnavailableError('The database is unreachable.');
    return { status: 'ok', database: 'ok' };
  }
}
