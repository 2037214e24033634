import { podOwner, serviceIdentity } from './service-identity';

describe('serviceIdentity', () => {
  it.each([
    ['safework_app_2', { 'com.docker.compose.service': 'safework-app', 'com.docker.compose.project': 'safework' }, 'safework-app'],
    ['safework-app.2.x1y2z3', { 'com.docker.swarm.service.name': 'safework_safework-app', 'com.docker.compose.service': 'ignored' }, 'safework_safework-app'],
    ['k8s_app_safework-app-7d9f8c6b5-x2k9p_default_uid_0', { 'io.kubernetes.pod.name': 'safework-app-7d9f8c6b5-x2k9p', 'io.kubernetes.container.name': 'safework-app' }, 'safework-app'],
    ['k8s_sidecar_safework-app-7d9f8c6b5-x2k9p_default_uid_0', { 'io.kubernetes.pod.name': 'safework-app-7d9f8c6b5-x2k9p', 'io.kubernetes.container.name': 'log-shipper' }, 'safework-app/log-shipper'],
    ['plain', {}, 'plain'],
  ])('%s → its service', (name, labels, expected) => {
    expect(serviceIdentity(name, labels)).toBe(expected);
  });

  it.each([
    ['safework-app-7d9f8c6b5-x2k9p', 'safework-app'],
    ['mysql-0', 'mysql'],
    ['error-monitor-4xk2p', 'error-monitor'],
    ['standalone', 'standalone'],
  ])('pod %s is owned by %s', (pod, owner) => {
    expect(podOwner(pod)).toBe(owner);
  });
});
