import { IncidentDetector, type ContainerFacts } from './incident-detector';

const facts = (over: Partial<ContainerFacts> = {}): ContainerFacts => ({
  restartPolicy: 'no',
  restartPolicyMaxRetries: 0,
  restartCount: 0,
  running: true,
  oomKilled: false,
  health: 'none',
  startedAt: 's1',
  ...over,
});

describe('IncidentDetector', () => {
  it('reports one crash loop when deaths pile up, and records the recovery', () => {
    const d = new IncidentDetector({ unhealthyForMs: 30_000 });
    expect(d.onDie('app', 1, facts(), 0).incidents).toEqual([]);
    expect(d.onDie('app', 1, facts(), 10_000).incidents).toEqual([]);
    const third = d.onDie('app', 1, facts(), 20_000).incidents;
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({ type: 'container_crash_loop', container: 'app' });
    expect(d.onDie('app', 1, facts(), 30_000).incidents).toEqual([]);
    expect(d.onSample('app', facts(), 400_000).recoveries.map((r) => r.type)).toEqual(['container_crash_loop']);
  });

  it('reports a crash loop as soon as on-failure:N is exhausted', () => {
    const d = new IncidentDetector({ unhealthyForMs: 30_000 });
    const [incident] = d.onDie('db', 1, facts({ restartPolicy: 'on-failure', restartPolicyMaxRetries: 3, restartCount: 3, running: false }), 0).incidents;
    expect(incident?.message).toMatch(/on-failure:3 exhausted/);
  });

  it('reports an OOM kill once for the oom event and its die 137', () => {
    const d = new IncidentDetector({ unhealthyForMs: 30_000 });
    expect(d.onOom('redis', 's1', 0)).toHaveLength(1);
    expect(d.onDie('redis', 137, facts({ oomKilled: true, running: false }), 10).incidents).toEqual([]);
    expect(d.onSample('redis', facts({ oomKilled: true, running: false }), 20).incidents).toEqual([]);
    // A later run killed again is a new kill.
    expect(d.onOom('redis', 's2', 100)).toHaveLength(1);
  });

  it('never calls a stopped container unhealthy (Docker keeps its last health status)', () => {
    const d = new IncidentDetector({ unhealthyForMs: 1_000 });
    d.onUnhealthy('redis', 0);
    expect(d.onSample('redis', facts({ running: false, health: 'unhealthy' }), 5_000).incidents).toEqual([]);
    expect(d.onSample('redis', facts({ running: false, health: 'unhealthy' }), 60_000).incidents).toEqual([]);
    // Started again: the streak begins anew, so one sample that says unhealthy is not enough.
    expect(d.onSample('redis', facts({ health: 'starting' }), 61_000).incidents).toEqual([]);
    expect(d.onSample('redis', facts({ health: 'unhealthy' }), 62_000).incidents).toEqual([]);
    expect(d.onSample('redis', facts({ health: 'unhealthy' }), 63_000).incidents.map((i) => i.type)).toEqual(['container_unhealthy']);
  });

  it('reports unhealthy only after one interval, once, and records recovery', () => {
    const d = new IncidentDetector({ unhealthyForMs: 30_000 });
    d.onUnhealthy('app', 0);
    expect(d.onSample('app', facts({ health: 'unhealthy' }), 10_000).incidents).toEqual([]);
    expect(d.onSample('app', facts({ health: 'unhealthy' }), 30_000).incidents.map((i) => i.type)).toEqual(['container_unhealthy']);
    expect(d.onSample('app', facts({ health: 'unhealthy' }), 60_000).incidents).toEqual([]);
    expect(d.onSample('app', facts({ health: 'healthy' }), 90_000).recoveries.map((r) => r.type)).toEqual(['container_unhealthy']);
  });

  it('ignores clean exits', () => {
    const d = new IncidentDetector({ unhealthyForMs: 1 });
    for (let i = 0; i < 5; i++) expect(d.onDie('job', 0, facts(), i).incidents).toEqual([]);
  });
});
