import type Dockerode from 'dockerode';
import { toSince } from '../time/docker-time';

/** Both streams, with Docker's timestamps, from `since` (RFC 3339 nano) when given, the last `tail` lines when given. */
export function logOptions<F extends boolean>(follow: F, since: string | undefined, tail?: number): Dockerode.ContainerLogsOptions & { follow: F } {
  return {
    follow,
    stdout: true,
    stderr: true,
    timestamps: true,
    // dockerode types `since` as a number; the API takes "seconds.nanoseconds".
    ...(since === undefined ? {} : { since: toSince(since) as unknown as number }),
    ...(tail === undefined ? {} : { tail }),
  };
}

/** The path of a follow request for both streams with timestamps, from `since` when given. */
export function followPath(id: string, since: string | undefined): string {
  const query = new URLSearchParams({ follow: '1', stdout: '1', stderr: '1', timestamps: '1' });
  if (since !== undefined) query.set('since', toSince(since));
  return `/containers/${encodeURIComponent(id)}/logs?${query.toString()}`;
}
