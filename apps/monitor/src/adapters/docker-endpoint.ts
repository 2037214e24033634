import { request } from 'node:http';
import type { DockerOptions } from 'dockerode';
import type { MonitorConfig } from '../config/load-config';

/** Where the Docker Engine is reached: `DOCKER_HOST` (the filtering proxy) or the socket. */
export interface DockerEndpoint {
  readonly options: DockerOptions;
  /** For messages: `tcp://docker-proxy:2375` or `/var/run/docker.sock`. */
  readonly describe: string;
}

export function dockerEndpoint(config: Pick<MonitorConfig, 'DOCKER_HOST' | 'DOCKER_SOCKET'>): DockerEndpoint {
  const host = config.DOCKER_HOST;
  if (host?.startsWith('tcp://') === true) {
    const url = new URL(host);
    return { options: { host: url.hostname, port: Number(url.port), protocol: 'http' }, describe: host };
  }
  const socketPath = host?.startsWith('unix://') === true ? host.slice('unix://'.length) : config.DOCKER_SOCKET;
  return { options: { socketPath }, describe: socketPath };
}

/** The status of a GET on the endpoint, the body discarded. */
export function getStatus(endpoint: DockerEndpoint, path: string): Promise<number> {
  const o = endpoint.options;
  const target = o.socketPath !== undefined ? { socketPath: o.socketPath } : { host: o.host, port: o.port };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET', timeout: 10_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${endpoint.describe} within 10 s`)));
    req.on('error', reject);
    req.end();
  });
}
