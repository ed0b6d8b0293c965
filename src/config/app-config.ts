import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** A blank environment variable counts as unset, so `PORT= node …` falls back to the default. */
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const toInt = ({ value }: { value: unknown }) => {
  const v = blankToUndefined({ value });
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
};

/**
 * Everything the service reads from its environment, validated once at start. A bad value stops the
 * service with a message naming the variable, instead of failing later under load.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(blankToUndefined)
  @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL URL; without it an embedded PostgreSQL is started with its data under DATA_DIR. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(blankToUndefined)
  @IsString()
  DATA_DIR = './.data';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  DB_CONNECTION_TIMEOUT_MS = 3000;

  /** Upper bound on one SQL statement, so a stuck query answers 503 instead of hanging a till. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_STATEMENT_TIMEOUT_MS = 10000;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_PER_MINUTE = 600;

  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(blankToUndefined)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Which proxies to believe about the client address (X-Forwarded-For), for per-address limits
   * behind a load balancer: `false` (default: the socket's peer), `true` (any proxy), or a
   * comma-separated list of the proxies' addresses/CIDRs.
   */
  @Transform(blankToUndefined)
  @Matches(/^(true|false|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, or a comma-separated list of proxy addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  /**
   * HTTP worker processes (node:cluster) sharing the port. 1 (default) serves from this process.
   * With more, in-memory rate-limit counters are per worker: set REDIS_URL for one shared limit.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKERS = 1;

  /**
   * Port of the Prometheus metrics listener, apart from PORT so that metrics are never served to
   * the public by accident. 0 turns metrics off: no listener, no measuring.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** Interface of the metrics listener: loopback by default, for a Prometheus on the same host or network namespace. */
  @Transform(blankToUndefined)
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** Seconds between runs of the points expiry job in the service; 0 turns it off (run `npm run cli -- expire-points` instead). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  EXPIRY_INTERVAL_S = 60;

  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 10000;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'ADMIN_TOKEN', 'REDIS_URL']);
  const source = Object.fromEntries(known.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, source, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  // One port cannot serve both: the metrics would end up public, or the service would not start.
  if (config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) lines.push('METRICS_PORT: must differ from PORT (or be 0 to turn metrics off)');
  if (lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** TRUST_PROXY as Fastify's `trustProxy` option. */
export function trustProxyOption(value: string): boolean | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  return value.split(',').map((v) => v.trim());
}
