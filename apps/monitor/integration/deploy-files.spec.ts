import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/monitor-process';

const check = (dir?: string): { status: number | null; out: string } => {
  const run = spawnSync(process.execPath, [join(ROOT, 'tools/deploy-check/check-deploy.mjs'), ...(dir === undefined ? [] : [dir])], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
};

describe('deployment files (deploy/swarm-stack.yml, deploy/k8s/)', () => {
  it('validate: the Kubernetes objects against the Kubernetes schemas, the stack with Docker', () => {
    const { status, out } = check();
    process.stdout.write(out);
    expect(out).toMatch(/checked: kubernetes-models [\d.]+: \d+ Kubernetes objects/);
    expect(out).toMatch(/checked: (docker stack config|docker-compose -f .* config -q)/);
    expect(status).toBe(0);
  });

  it('fail, naming the object and the field, when a manifest is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    cpSync(join(ROOT, 'deploy'), dir, { recursive: true });
    const daemon = join(dir, 'k8s/monitor-daemonset.yaml');
    writeFileSync(daemon, readFileSync(daemon, 'utf8').replace('terminationGracePeriodSeconds: 15', 'terminationGracePeriodSeconds: soon').replace("{ name: STATE_REDIS_URL, value: 'redis://redis.safework-monitor.svc:6379' }", '{ name: UNUSED, value: x }'));
    const stack = join(dir, 'swarm-stack.yml');
    writeFileSync(stack, readFileSync(stack, 'utf8').replace('replicas: 1', 'replicas: many').replace('    deploy:\n      mode: global\n      restart_policy: { condition: on-failure, max_attempts: 5 }\n      resources:\n        limits: { memory: 256M', '    deploy:\n      mode: replicated\n      restart_policy: { condition: on-failure, max_attempts: 5 }\n      resources:\n        limits: { memory: 256M'));
    const { status, out } = check(dir);
    expect(status).toBe(1);
    expect(out).toMatch(/monitor-daemonset\.yaml: DaemonSet\/safework-monitor: .*terminationGracePeriodSeconds must be integer/);
    expect(out).toContain('the monitor container does not set STATE_REDIS_URL');
    expect(out).toMatch(/problem: swarm-stack\.yml: .*replicas/);
    expect(out).toContain('swarm-stack.yml: error-monitor must be a global service');
  });
});
