import { prepare, type Environment } from "./environment";
import { measure } from "./load";
import type { BenchOptions } from "./options";

/**
 * `npm run bench -- --soak 300 [--rate 100]`: a fixed PATCH rate held for the given seconds on each
 * database at once; the service's resident memory is printed every minute (minute 5 must be within
 * 10 % of minute 1: no leak).
 */
export async function soak(options: BenchOptions): Promise<void> {
  const seconds = options.soakSeconds ?? 300;
  const environments: Environment[] = [];
  try {
    for (const kind of options.databases) environments.push(await prepare(kind, { customers: options.customers }));
    const samples = new Map<Environment, number[]>(environments.map((environment) => [environment, []]));
    const interval = Math.min(60, seconds / 5);
    const timer = setInterval(() => {
      for (const environment of environments) samples.get(environment)?.push(environment.service.rssMiB());
    }, interval * 1000);
    const results = await Promise.all(
      environments.map((environment) =>
        measure(environment.service, "PATCH", {
          token: environment.token,
          uuids: environment.uuids,
          connections: 8,
          duration: seconds,
          overallRate: options.soakRate,
        }),
      ),
    );
    clearInterval(timer);
    // The last sample is taken when the load ends (the timer's fifth tick races with it).
    for (const environment of environments) {
      const rss = samples.get(environment) ?? [];
      if (rss.length < 5) rss.push(environment.service.rssMiB());
    }
    console.log(`\nsoak: PATCH at ${options.soakRate} req/s for ${seconds} s on each database at once; RSS MiB every ${interval} s\n`);
    console.log(`| database | ${Array.from({ length: 5 }, (_, i) => `RSS @${((i + 1) * interval).toFixed(0)} s`).join(" | ")} | last vs first | req/s | p99 ms | errors |`);
    console.log(`|---|${"---|".repeat(5)}---|---|---|---|`);
    environments.forEach((environment, index) => {
      const rss = samples.get(environment) ?? [];
      const result = results[index];
      const first = rss[0] ?? 0;
      const last = rss[rss.length - 1] ?? 0;
      console.log(
        `| ${environment.database.kind} | ${rss.slice(0, 5).join(" | ")} | ${first > 0 ? ((last / first - 1) * 100).toFixed(1) : "?"} % | ` +
          `${result?.rps.toFixed(0)} | ${result?.p99} | ${result?.errors} |`,
      );
    });
  } finally {
    for (const environment of environments) await environment.close();
  }
}
