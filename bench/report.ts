import type { Measurement } from "./load";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Row {
  label: string;
  /** Per round, in order. */
  rounds: Measurement[];
  /** The floor row this row is compared with (same operation kind); none for the floor itself. */
  floor?: Row;
}

type Metric = "rps" | "p50" | "p99" | "cpuMsPerRequest" | "rssMiB";

/** The median over rounds of this row's figure divided by its floor's figure of the same round. */
export function ratio(row: Row, metric: Metric, other: Row | undefined = row.floor): number | null {
  if (!other) return null;
  const ratios = row.rounds.map((measurement, index) => {
    const base = other.rounds[index]?.[metric] ?? 0;
    return base > 0 ? measurement[metric] / base : Number.NaN;
  });
  const finite = ratios.filter(Number.isFinite);
  return finite.length > 0 ? median(finite) : null;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const times = (value: number | null) => (value === null ? "" : ` (${value.toFixed(2)}×)`);

/** One Markdown table: medians over rounds, each with its ratio to the floor's (median of per-round ratios). */
export function table(rows: Row[]): string {
  const lines = [
    "| scenario | req/s | p50 ms | p99 ms | errors | server CPU ms/req | RSS MiB |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const of = (metric: Metric) => median(row.rounds.map((measurement) => measurement[metric]));
    const errors = row.rounds.reduce((sum, measurement) => sum + measurement.errors, 0);
    lines.push(
      `| ${row.label} | ${fixed(of("rps"), 0)}${times(ratio(row, "rps"))} | ${fixed(of("p50"), 0)}${times(ratio(row, "p50"))} | ` +
        `${fixed(of("p99"), 0)}${times(ratio(row, "p99"))} | ${errors} | ${fixed(of("cpuMsPerRequest"), 2)}${times(ratio(row, "cpuMsPerRequest"))} | ` +
        `${fixed(of("rssMiB"), 0)}${times(ratio(row, "rssMiB"))} |`,
    );
  }
  return lines.join("\n");
}

export interface Target {
  name: string;
  value: number | null;
  /** "min": value must be at least `bound`; "max": at most. */
  kind: "min" | "max";
  bound: number;
}

export function targets(list: Target[]): string {
  return list
    .map((target) => {
      const met = target.value !== null && (target.kind === "min" ? target.value >= target.bound : target.value <= target.bound);
      const shown = target.value === null ? "n/a" : `${target.value.toFixed(2)}×`;
      return `- ${met ? "MET " : "MISS"} ${target.name}: ${shown} (target ${target.kind === "min" ? "≥" : "≤"} ${target.bound}×)`;
    })
    .join("\n");
}
