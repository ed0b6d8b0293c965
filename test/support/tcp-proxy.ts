import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL, so a test can cut the service off from its database (and
 * restore it) without touching the database server others use.
 */
export class TcpProxy {
  private server?: Server;
  private sockets = new Set<Socket>();
  private upstreams = new Set<Socket>();
  /** While set, bytes are held in both directions (in order), as in a network partition. */
  private held: Array<() => void> | null = null;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(port = this.port): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      this.upstreams.add(upstream);
      upstream.on('close', () => this.upstreams.delete(upstream));
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      // A close is held during a partition like any byte: the other side does not learn of it.
      client.on('close', () => this.deliver(() => upstream.destroy()));
      upstream.on('close', () => this.deliver(() => client.destroy()));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /**
   * The local ports of the proxy's open connections to PostgreSQL: pg_stat_activity shows them as
   * `client_port`, which singles out the backends serving whatever is behind this proxy.
   */
  upstreamPorts(): number[] {
    return [...this.upstreams].map((s) => s.localPort).filter((p): p is number => typeof p === 'number');
  }

  /**
   * A partition: connections stay open and new ones are accepted, but no byte gets through until
   * `heal()`, so the service sees a database that has gone silent rather than one that refuses.
   */
  partition(): void {
    this.held ??= [];
  }

  /** Delivers what was held, in order, and lets bytes through again. */
  heal(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const deliver of held) deliver();
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk) => this.deliver(() => void (to.destroyed || to.write(chunk))));
  }

  private deliver(action: () => void): void {
    if (this.held) this.held.push(action);
    else action();
  }

  /** Drops every open connection and refuses new ones. */
  async cut(): Promise<void> {
    this.held = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
