/**
 * Summarises CPU profiles written by `node --cpu-prof` (e.g. of profile-rows.js, or of `etl run`,
 * one file per thread): per file, the total and the functions that took the most time of their
 * own, in seconds.
 *
 *   node dist/tools/profile-rows/summarise-profile.js PROFILE.cpuprofile … [--top N]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 20;
const files = args.filter((a, i) => a !== '--top' && args[i - 1] !== '--top');
if (files.length === 0) throw new Error('usage: summarise-profile.js PROFILE.cpuprofile … [--top N]');

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  // Each sample's time belongs to the function on top of the stack (its own time).
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = selfTime.get(node.id) ?? 0;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  process.stdout.write(`${basename(file)}: ${(total / 1e6).toFixed(1)} s\n`);
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(micros / 1e6).toFixed(2).padStart(8)}  ${name}\n`);
  }
}
