import { Redis } from 'ioredis';
import { WindowCount, WindowStore } from './window-store';

/**
 * The same fixed window as MemoryWindowStore, in one Lua script so that concurrent instances
 * count atomically: INCR, then set the expiry if the key is new (PTTL -1), then stretch it on
 * the first hit over the limit. One key per counter, so it also works on Redis Cluster.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
local block = tonumber(ARGV[3])
if hits == tonumber(ARGV[2]) + 1 and block > ttl then
  ttl = block
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {hits, ttl}`;

const PEEK = `
local hits = redis.call('GET', KEYS[1])
if not hits then return {0, 0} end
return {tonumber(hits), redis.call('PTTL', KEYS[1])}`;

/** Every counter lives under this prefix (after any `keyPrefix` given in REDIS_URL's query). */
export const REDIS_KEY_PREFIX = 'loyalpanther:ratelimit:';

type ScriptClient = Redis & {
  lpWindowHit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<[number, number]>;
  lpWindowPeek(key: string): Promise<[number, number]>;
};

export class RedisWindowStore implements WindowStore {
  private readonly client: ScriptClient;

  /** `redis://host:port/db?keyPrefix=…`: ioredis reads its options (keyPrefix included) from the URL's query. */
  constructor(url: string) {
    this.client = new Redis(url, {
      lazyConnect: true,
      // While disconnected, fail at once (the caller falls back to memory) instead of queueing requests.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    }) as ScriptClient;
    // Connection errors surface as failed commands, which the caller reports; without a listener
    // ioredis would print every reconnection attempt.
    this.client.on('error', () => undefined);
    this.client.defineCommand('lpWindowHit', { numberOfKeys: 1, lua: HIT });
    this.client.defineCommand('lpWindowPeek', { numberOfKeys: 1, lua: PEEK });
  }

  /** Connects, waiting at most `timeoutMs`; false if Redis is not reachable (it keeps retrying in the background). */
  async connect(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const connected = this.client.connect().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([connected, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<WindowCount> {
    const [hits, ms] = await this.client.lpWindowHit(REDIS_KEY_PREFIX + key, ttlMs, limit, blockMs);
    return { hits: Number(hits), msToReset: Math.max(0, Number(ms)) };
  }

  async peek(key: string): Promise<WindowCount> {
    const [hits, ms] = await this.client.lpWindowPeek(REDIS_KEY_PREFIX + key);
    return { hits: Number(hits), msToReset: Math.max(0, Number(ms)) };
  }

  close(): void {
    this.client.disconnect();
  }
}
