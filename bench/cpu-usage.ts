import { readdirSync, readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';

/**
 * Where the machine's CPU goes during a scenario, read from Linux's /proc: the service, the load
 * generator (autocannon in this process, or wrk as its child), and PostgreSQL's processes
 * (pgbench's ceiling runs on the same cores, so knowing each side's share per request says what a
 * change can win). Elsewhere than Linux the figures are null.
 */
export interface CpuSample {
  at: bigint;
  service: number | null;
  /** CPU of each backend of the run's database, by pid (backends come and go with the pool). */
  postgres: Map<string, number> | null;
  loadGenerator: number;
  machineBusy: number | null;
  machineTotal: number | null;
}

/** CPU per request, in microseconds, of each side, and how busy the whole machine was (0–1). */
export interface CpuShare {
  service_us_per_request: number | null;
  load_generator_us_per_request: number;
  postgres_us_per_request: number | null;
  machine_busy: number | null;
}

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** Fields of /proc/<pid>/stat after the command name (the 3rd field is index 0). */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process, in microseconds. */
function processCpuUs(pid: number | string): number | null {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_US : null;
}

/**
 * CPU of this process's children that have ended (cutime + cstime): wrk, which runs as a child
 * process per scenario and has been waited for by the time a sample is taken after it.
 */
function endedChildrenCpuUs(): number {
  const fields = statFields('self');
  return fields ? (Number(fields[13]) + Number(fields[14])) * TICK_US : 0;
}

/**
 * PostgreSQL's backends connected to this run's database (their process title names it): the
 * server's shared processes (WAL writer, checkpointer, …) and other databases' backends are left
 * out, so another workload on the same server does not count as ours.
 */
function postgresCpuUs(database: string): Map<string, number> | null {
  try {
    const backends = new Map<string, number>();
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const backendOf = /^postgres: (?:[^:]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1];
        if (backendOf === database) backends.set(pid, processCpuUs(pid) ?? 0);
      } catch {
        // the process ended while we looked
      }
    }
    return backends;
  } catch {
    return null;
  }
}

/**
 * What the backends alive at `after` used since `before` (a backend opened in between counts from
 * zero). A backend that closed in between (the pool drops idle connections) is missing from
 * `after`, so its last moments go uncounted: an undercount, never a negative figure.
 */
function postgresDelta(before: Map<string, number> | null, after: Map<string, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, us] of after) total += us - (before.get(pid) ?? 0);
  return total;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** The service's process and its children (cluster workers, when WORKERS > 1). */
export function serviceProcesses(servicePid: number): number[] {
  try {
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(servicePid);
        } catch {
          return false;
        }
      })
      .map(Number);
    return [servicePid, ...children];
  } catch {
    return [servicePid];
  }
}

export function sampleCpu(servicePid: number, database: string): CpuSample {
  const { user, system } = cpuUsage();
  const machine = machineTicks();
  const service = serviceProcesses(servicePid).map(processCpuUs);
  return {
    at: process.hrtime.bigint(),
    service: service.every((us) => us === null) ? null : service.reduce<number>((sum, us) => sum + (us ?? 0), 0),
    postgres: postgresCpuUs(database),
    // The load generator: autocannon in this process, or wrk as a child process.
    loadGenerator: user + system + endedChildrenCpuUs(),
    machineBusy: machine?.busy ?? null,
    machineTotal: machine?.total ?? null,
  };
}

export function cpuShare(before: CpuSample, after: CpuSample, requests: number): CpuShare {
  const per = (a: number | null, b: number | null) => (a === null || b === null || requests === 0 ? null : Math.round((b - a) / requests));
  const busy = before.machineBusy !== null && after.machineBusy !== null ? after.machineBusy - before.machineBusy : null;
  const total = before.machineTotal !== null && after.machineTotal !== null ? after.machineTotal - before.machineTotal : null;
  return {
    service_us_per_request: per(before.service, after.service),
    load_generator_us_per_request: per(before.loadGenerator, after.loadGenerator) ?? 0,
    postgres_us_per_request: per(0, postgresDelta(before.postgres, after.postgres)),
    machine_busy: busy !== null && total ? Math.round((busy / total) * 100) / 100 : null,
  };
}
