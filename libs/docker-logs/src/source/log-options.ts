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
