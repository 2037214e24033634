/** The parts of Docker's stats document the figures come from. */
export interface RawStats {
  readonly read?: string;
  readonly cpu_stats?: {
    readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] };
    readonly system_cpu_usage?: number;
    readonly online_cpus?: number;
  };
  readonly memory_stats?: {
    readonly usage?: number;
    readonly limit?: number;
    readonly stats?: Readonly<Record<string, number>>;
  };
}

/** Memory and CPU of one container at one sample. */
export interface ResourceUsage {
  readonly memoryUsageBytes: number;
  readonly memoryLimitBytes: number;
  /** Percent of one CPU × online CPUs, as `docker stats` prints it; undefined on the first sample. */
  readonly cpuPercent: number | undefined;
  readonly onlineCpus: number;
}

/**
 * Computes usage the way the docker CLI does: memory minus the page cache that can be
 * reclaimed (`total_inactive_file` on cgroup v1, `inactive_file` on v2), and CPU % from the
 * delta against the previous sample. `one-shot` stats carry no previous sample, so the
 * caller passes its own. https://github.com/docker/cli/blob/master/cli/command/container/stats_helpers.go
 */
export function resourceUsage(current: RawStats, previous: RawStats | undefined): ResourceUsage {
  const mem = current.memory_stats ?? {};
  const stats = mem.stats ?? {};
  const cache = stats['total_inactive_file'] ?? stats['inactive_file'] ?? 0;
  const usage = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));
  const cpu = current.cpu_stats ?? {};
  const onlineCpus = cpu.online_cpus ?? cpu.cpu_usage?.percpu_usage?.length ?? 1;
  let cpuPercent: number | undefined;
  const prev = previous?.cpu_stats;
  if (prev?.cpu_usage?.total_usage !== undefined && prev.system_cpu_usage !== undefined) {
    const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - prev.cpu_usage.total_usage;
    const systemDelta = (cpu.system_cpu_usage ?? 0) - prev.system_cpu_usage;
    cpuPercent = systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
  }
  return { memoryUsageBytes: usage, memoryLimitBytes: mem.limit ?? 0, cpuPercent, onlineCpus };
}
