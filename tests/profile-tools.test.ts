/**
 * The profiling tools of docs/performance.md (tools/profile-rows): the per-row harness counts
 * rows as a load would, and the summary adds each sample's time to the function on top.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { tempDir } from './support/fixtures.js';

const tool = (name: string) => join(projectRoot(), 'dist', 'tools', 'profile-rows', name);
const run = (name: string, args: string[]) => execFileSync(process.execPath, [tool(name), ...args], { encoding: 'utf8' });

describe('profile-rows', () => {
  it('reads, checks and writes COPY text for every row after the header, counting as a load does', () => {
    const dir = tempDir();
    const file = join(dir, '话务明细_测试.csv');
    // A title row, the header, two good calls, one with a time that is no time (rejected), an empty line (skipped).
    writeFileSync(
      file,
      [
        '话务明细 2023年1月',
        '话单编号,接入号,呼入时间,转人工,排队时长(秒),呼叫结果,通话时长(秒),接听中心,主叫号码',
        'C1,10000,2023-01-05 08:00:00,是,12,人工接通,300,上海,13800138000',
        'C2,10000,2023-01-05 09:00:00,否,,IVR自助,60,,',
        '',
        'C3,10000,昨天,否,,IVR自助,60,,',
      ].join('\n') + '\n',
    );
    const out = run('profile-rows.js', [file]);
    expect(out).toContain('(call_records): 4 rows read, 2 loaded, 1 rejected, 1 skipped');
    expect(out).not.toContain('13800138000');
  });

  it('refuses a file no source fits, unless one is named', () => {
    const dir = tempDir();
    const file = join(dir, 'unknown.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    expect(() => run('profile-rows.js', [file])).toThrow(/no source fits its name; name one with --source/);
  });
});

describe('summarise-profile', () => {
  it('gives each function the time of the samples taken while it was on top', () => {
    const dir = tempDir();
    const file = join(dir, 'p.cpuprofile');
    const frame = (functionName: string, line: number) => ({ functionName, url: 'file:///opt/demo/probe.mjs', lineNumber: line, columnNumber: 0, scriptId: '1' });
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)', -1), children: [2] },
          { id: 2, callFrame: frame('outer', 0), children: [3] },
          { id: 3, callFrame: frame('inner', 9) },
        ],
        // outer on top for 1.0 + 0.5 s, inner for 2.0 s, the root for 0.25 s.
        samples: [2, 3, 2, 1],
        timeDeltas: [1_000_000, 2_000_000, 500_000, 250_000],
        startTime: 0,
        endTime: 3_750_000,
      }),
    );
    const lines = run('summarise-profile.js', [file, '--top', '2']).trim().split('\n');
    expect(lines).toEqual(['p.cpuprofile: 3.8 s', '    2.00  inner demo/probe.mjs:10', '    1.50  outer demo/probe.mjs:1']);
  });
});
