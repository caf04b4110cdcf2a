import { createServer, Socket, type AddressInfo, type Server } from "node:net";

/**
 * A TCP proxy between the service and its database, for injecting faults in tests:
 *
 * - `reset()`: every open connection is reset (RST towards the service, closed towards the database), as when
 *   the database restarts or a firewall drops its state. New connections go through.
 * - `refuse()`: the listener closes, so new connections are refused (ECONNREFUSED); open ones are reset.
 * - `blackHole()`: nothing passes any more, in either direction, but every socket stays open and new connections
 *   are accepted and then ignored, as with a network partition or a frozen database host.
 * - `heal()`: back to forwarding. Connections that lived through a black hole are reset (their byte streams lost
 *   data, so they are of no use to anyone), then new connections go through again.
 */
export class TcpProxy {
  private server: Server;
  private readonly pairs = new Set<Pair>();
  private mode: "forward" | "refuse" | "blackHole" = "forward";
  private accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    server: Server,
  ) {
    this.server = server;
  }

  /** Starts a proxy on a free port of 127.0.0.1 towards `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await listen(server, 0);
    const proxy = new TcpProxy(target, (server.address() as AddressInfo).port, server);
    proxy.serve(server);
    return proxy;
  }

  /** The same PostgreSQL URL, pointing at the proxy instead. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  /** How many connections the proxy has accepted so far. */
  connectionsAccepted(): number {
    return this.accepted;
  }

  /** Connections currently open through the proxy. */
  openConnections(): number {
    return this.pairs.size;
  }

  reset(): void {
    for (const pair of [...this.pairs]) this.drop(pair);
  }

  async refuse(): Promise<void> {
    if (this.mode === "refuse") return;
    this.mode = "refuse";
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.reset();
    });
  }

  blackHole(): void {
    if (this.mode === "refuse") throw new Error("heal() the proxy before black-holing it");
    this.mode = "blackHole";
    for (const pair of this.pairs) pair.frozen = true;
  }

  async heal(): Promise<void> {
    if (this.mode === "refuse") {
      const server = createServer();
      await listen(server, this.port);
      this.server = server;
      this.serve(server);
    }
    this.mode = "forward";
    for (const pair of [...this.pairs]) if (pair.frozen) this.drop(pair);
  }

  async close(): Promise<void> {
    this.reset();
    if (this.mode === "refuse") return;
    this.mode = "refuse";
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(server: Server): void {
    server.on("connection", (client) => this.accept(client));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    const pair: Pair = { client, upstream: null, frozen: this.mode === "blackHole" };
    this.pairs.add(pair);
    client.on("error", () => this.drop(pair));
    client.on("close", () => this.drop(pair));
    if (pair.frozen) {
      // Accepted, then never answered: reads are discarded.
      client.on("data", () => undefined);
      return;
    }
    const upstream = new Socket();
    pair.upstream = upstream;
    upstream.on("error", () => this.drop(pair));
    upstream.on("close", () => this.drop(pair));
    client.on("data", (chunk) => {
      if (!pair.frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!pair.frozen) client.write(chunk);
    });
    upstream.connect(this.target.port, this.target.host);
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    pair.upstream?.destroy();
  }
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Black-holed: nothing is forwarded any more. */
  frozen: boolean;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
