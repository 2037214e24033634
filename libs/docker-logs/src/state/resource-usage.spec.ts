import { resourceUsage } from './resource-usage';

describe('resourceUsage', () => {
  const prev = { cpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 100_000_000_000, online_cpus: 2 } };
  const cur = {
    cpu_stats: { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 102_000_000_000, online_cpus: 2 },
    memory_stats: { usage: 50_000_000, limit: 134_217_728, stats: { inactive_file: 10_000_000 } },
  };

  it('computes CPU % like the docker CLI: delta / system delta × CPUs × 100', () => {
    // 0.5 s of CPU over 2 s of system time (both CPUs) = 25 % × 2 = 50 %.
    expect(resourceUsage(cur, prev).cpuPercent).toBeCloseTo(50);
  });

  it('subtracts reclaimable page cache from memory usage (cgroup v1 and v2)', () => {
    expect(resourceUsage(cur, prev)).toMatchObject({ memoryUsageBytes: 40_000_000, memoryLimitBytes: 134_217_728 });
    const v1 = { memory_stats: { usage: 30, limit: 100, stats: { total_inactive_file: 5 } } };
    expect(resourceUsage(v1, undefined).memoryUsageBytes).toBe(25);
  });

  it('has no CPU figure without a previous sample', () => {
    expect(resourceUsage(cur, undefined).cpuPercent).toBeUndefined();
  });
});
