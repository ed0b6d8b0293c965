import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Public } from '../../src/common/http/public.decorator';
import { Database } from '../../src/database/database';

class ProbeIdentifier {
  @IsIn(['loyalty_code', 'email']) type!: string;
  @IsString() value!: string;
}

class ProbeBody {
  @ValidateNested() @Type(() => ProbeIdentifier) identifier!: ProbeIdentifier;
  @IsInt() @Min(1) amount_cents!: number;
}

/** Routes that exist only in the conventions tests: a validated body, a crash, a database query. */
@Public()
@Controller('__probe')
class ProbeController {
  constructor(private readonly database: Database) {}

  @Post('echo')
  echo(@Body() body: ProbeBody) {
    return { received: body };
  }

  @Get('boom')
  boom(): never {
    throw new Error('SELECT secret FROM credentials -- internal detail that must not leak');
  }

  /**
   * A real PostgreSQL failure (a foreign key, 500) whose error carries the value in its `detail`
   * ("Key (value)=(…) is not present"), for the test that no personal data reaches the logs.
   */
  @Get('failure-with-value')
  async failureWithValue(@Query('value') value: string) {
    await this.database.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE probe_known (value text PRIMARY KEY) ON COMMIT DROP');
      await tx.query('CREATE TEMP TABLE probe_refs (value text REFERENCES probe_known) ON COMMIT DROP');
      await tx.query('INSERT INTO probe_refs VALUES ($1)', [value]);
    });
  }

  @Get('db')
  async db() {
    const { rows } = await this.database.query('SELECT 41 + 1 AS answer');
    return rows[0];
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
