import autocannon from "autocannon";
import type { ServerProcess } from "./processes";
import { requestFactory, type Operation } from "./scenarios";

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMsPerRequest: number;
  rssMiB: number;
  requests: number;
}

export interface LoadOptions {
  token: string;
  uuids: string[];
  connections: number;
  duration: number;
  /** Fixed request rate per connection (the soak), else as fast as the server answers. */
  overallRate?: number;
}

/** One autocannon run against one server; the server's CPU is read from /proc before and after. */
export async function measure(server: ServerProcess, operation: Operation, options: LoadOptions): Promise<Measurement> {
  const build = requestFactory(operation, options.uuids);
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: server.baseUrl,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...build() }) }],
  });
  const cpu = server.cpuMs() - cpuBefore;
  const requests = result.requests.total;
  return {
    rps: requests / options.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest: requests > 0 ? cpu / requests : 0,
    rssMiB: server.rssMiB(),
    requests,
  };
}
