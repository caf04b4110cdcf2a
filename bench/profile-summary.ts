import { readFileSync } from "node:fs";

/**
 * `node -r ts-node/register bench/profile-summary.ts <file.cpuprofile>`: where the CPU went, by package
 * (node_modules/<name>, the service's own code, node internals, garbage collection, idle) and the top
 * functions by self time. Profiles come from `node --cpu-prof dist/main.js` under load (docs/performance.md).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile>");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

function bucketOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (functionName === "(program)") return "(program)";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1] as string;
  if (url.includes("/dist/") || url.includes("/src/")) return "service code";
  if (url.startsWith("node:") || url === "") return "node internals";
  return url;
}

const buckets = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
for (const [id, micros] of selfTime) {
  const node = byId.get(id);
  if (!node) continue;
  const bucket = bucketOf(node);
  if (bucket !== "(idle)") total += micros;
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + micros);
  const name = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^.*\/(dist|src)\//, "$1/")}:${node.callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
}
const share = (micros: number) => `${((micros / total) * 100).toFixed(1)} %`;
console.log(`busy ${(total / 1000).toFixed(0)} ms (idle excluded)\n\nby package:`);
for (const [bucket, micros] of [...buckets].filter(([name]) => name !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`  ${share(micros).padStart(7)}  ${bucket}`);
}
console.log("\ntop functions (self time):");
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${share(micros).padStart(7)}  ${name}`);
