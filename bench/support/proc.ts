import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux /proc readers: CPU time by process group and resident memory, for the report. */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one process in ms, or 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Busy CPU time of the whole machine in ms (all cores): everything but idle and iowait. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return ((total - v[3] - v[4]) * 1000) / CLOCK_TICKS;
}

/**
 * CPU (ms) by pid of the PostgreSQL processes working for `database` (its backends) and of the
 * cluster's WAL writer, checkpointer and background writer.
 */
export function postgresCpuByPid(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!cmdline.startsWith('postgres: ')) continue;
    const backendOfBench = cmdline.includes(` ${database} `);
    const auxiliary = /: (walwriter|checkpointer|background writer)\b/.test(cmdline);
    if (backendOfBench || auxiliary) out.set(Number(entry), processCpuMs(Number(entry)));
  }
  return out;
}

/**
 * CPU spent between two readings: the growth of processes seen in both, plus all of those that
 * started in between. A process that ended in between is left out (its last part is lost).
 */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), or undefined when the process is gone. */
export function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's VmRSS every `intervalMs`; `peak` is the highest sample so far. */
export class RssSampler {
  peak = 0;
  samples = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = statusMiB(this.pid, 'VmRSS');
    if (rss === undefined) return;
    this.samples++;
    if (rss > this.peak) this.peak = rss;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
