import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { FollowRequestError, engineAddress, openFollowStream } from './log-requests';
import { followPath } from './log-options';

/** An engine that answers every connection with `answer`, after recording the request head. */
async function engine(answer: (socket: Socket) => void): Promise<{ server: Server; path: string; requests: string[] }> {
  const path = join(mkdtempSync(join(tmpdir(), 'follow-')), 'docker.sock');
  const requests: string[] = [];
  const server = createServer((socket) => {
    let head = '';
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        requests.push(head);
        answer(socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  return { server, path, requests };
}

function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  stream.on('data', (d: Buffer) => parts.push(d));
  stream.resume();
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

describe('openFollowStream', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('asks in HTTP/1.0 and hands over the body, bytes that came with the head included', async () => {
    const frames = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 4]), Buffer.from('one\n'), Buffer.from([2, 0, 0, 0, 0, 0, 0, 4]), Buffer.from('two\n')]);
    const e = await engine((socket) => {
      socket.write(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\n'), frames.subarray(0, 5)]));
      setTimeout(() => socket.end(frames.subarray(5)), 20);
    });
    servers.push(e.server);
    const stream = await openFollowStream({ socketPath: e.path }, followPath('abc', '2024-05-02T10:00:00.5Z'));
    expect((await readAll(stream)).equals(frames)).toBe(true);
    expect(e.requests[0]).toMatch(/^GET \/containers\/abc\/logs\?follow=1&stdout=1&stderr=1&timestamps=1&since=1714644000\.5\d* HTTP\/1\.0\r\n/);
  });

  it('waits for the whole head when it comes in pieces', async () => {
    const e = await engine((socket) => {
      socket.write('HTTP/1.0 200 OK\r\nServer: Docker');
      setTimeout(() => socket.end('\r\n\r\nbody'), 20);
    });
    servers.push(e.server);
    const stream = await openFollowStream({ socketPath: e.path }, followPath('abc', undefined));
    expect((await readAll(stream)).toString()).toBe('body');
  });

  it("fails with the engine's status and message", async () => {
    const e = await engine((socket) => socket.end('HTTP/1.0 404 Not Found\r\nContent-Type: application/json\r\n\r\n{"message":"No such container: abc"}\n'));
    servers.push(e.server);
    const error = await openFollowStream({ socketPath: e.path }, followPath('abc', undefined)).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(FollowRequestError);
    expect(error).toMatchObject({ statusCode: 404, message: '(HTTP code 404) No such container: abc' });
  });

  it("takes a proxy's plain-text refusal as the message", async () => {
    const e = await engine((socket) => socket.end('HTTP/1.0 403 Forbidden\r\n\r\nRequest forbidden by administrative rules.\n'));
    servers.push(e.server);
    await expect(openFollowStream({ socketPath: e.path }, '/x')).rejects.toMatchObject({ statusCode: 403, message: '(HTTP code 403) Request forbidden by administrative rules.' });
  });

  it('fails when nobody listens, when the answer is not HTTP, and when the connection ends first', async () => {
    await expect(openFollowStream({ socketPath: '/nonexistent/docker.sock' }, '/x')).rejects.toThrow(/ENOENT/);
    const junk = await engine((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    const silent = await engine((socket) => socket.end());
    servers.push(junk.server, silent.server);
    await expect(openFollowStream({ socketPath: junk.path }, '/x')).rejects.toThrow(/is not HTTP/);
    await expect(openFollowStream({ socketPath: silent.path }, '/x')).rejects.toThrow(/closed the connection before answering/);
  });
});

describe('engineAddress', () => {
  it('reads a socket or a plain-HTTP host from the modem, and leaves TLS to dockerode', () => {
    expect(engineAddress(new Dockerode({ socketPath: '/run/docker.sock' }))).toEqual({ socketPath: '/run/docker.sock' });
    expect(engineAddress(new Dockerode({ host: 'docker-proxy', port: 2375, protocol: 'http' }))).toEqual({ host: 'docker-proxy', port: 2375 });
    expect(engineAddress(new Dockerode({ host: 'docker', port: 2376, protocol: 'https' }))).toBeUndefined();
  });
});
