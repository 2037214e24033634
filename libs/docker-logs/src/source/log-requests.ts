import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { followPath, logOptions } from './log-options';

/** Where the engine listens: its Unix socket, or a plain-HTTP host and port (the proxy). */
export type EngineAddress = { readonly socketPath: string } | { readonly host: string; readonly port: number };

/** A response head larger than this is no Docker answer. */
const MAX_HEAD = 64 * 1024;
/** Most bytes of an error answer kept for its message. */
const MAX_ERROR_BODY = 4096;

/** The engine answered a follow request with something other than 200. */
export class FollowRequestError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(`(HTTP code ${statusCode}) ${message}`);
    this.name = 'FollowRequestError';
    this.statusCode = statusCode;
  }
}

/**
 * The address dockerode's modem talks to, when this module can talk to it too: a Unix socket or
 * plain HTTP. TLS or SSH engines (and anything unexpected) are left to dockerode.
 */
export function engineAddress(docker: Dockerode): EngineAddress | undefined {
  const modem = (docker as unknown as { modem?: { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown } }).modem;
  if (modem === undefined) return undefined;
  if (typeof modem.socketPath === 'string' && modem.host === undefined) return { socketPath: modem.socketPath };
  const port = Number(modem.port);
  if (typeof modem.host === 'string' && (modem.protocol === undefined || modem.protocol === 'http') && Number.isInteger(port) && port > 0) return { host: modem.host, port };
  return undefined;
}

/** A container's follow stream from `since`: opened directly where `address` allows, else by dockerode. */
export function followLogs(container: Dockerode.Container, address: EngineAddress | undefined, since: string | undefined): Promise<Readable> {
  if (address !== undefined) return openFollowStream(address, followPath(container.id, since));
  return container.logs(logOptions(true, since)) as unknown as Promise<Readable>;
}

/** A stopped container's log from `since` as one chunk: at most `cap` lines and one more (a cut log shows). */
export async function readToEnd(container: Dockerode.Container, since: string | undefined, cap: number | undefined): Promise<Readable> {
  return Readable.from([(await container.logs(logOptions(false, since, cap === undefined ? undefined : cap + 1))) as unknown as Buffer]);
}

/**
 * Opens a follow stream (`GET …/logs?follow=1`) as HTTP/1.0, and hands back the connection
 * itself, paused, positioned at the body: the consumer attaches its listeners and resumes it.
 *
 * Why not dockerode: over HTTP/1.1 the engine sends every log write as its own chunk, and
 * Node's HTTP client turns each chunk into a body event and a stream push. A flood of short
 * lines then costs a JavaScript round trip per line. An HTTP/1.0 answer has no chunking: its
 * body is the raw frames until the engine closes the connection, read as the socket delivers
 * them, many lines per read. The filtering proxy (HAProxy) answers HTTP/1.0 the same way.
 */
export function openFollowStream(address: EngineAddress, path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const socket: Socket = 'socketPath' in address ? connect(address.socketPath) : connect(address.port, address.host);
    let head: Buffer = Buffer.alloc(0);
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD) fail(new Error(`the engine's answer to ${path} has no end of headers within ${MAX_HEAD} bytes`));
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, Math.min(end, 64)).toString('latin1'));
      const body = head.subarray(end + 4);
      if (status === null) return fail(new Error(`the engine's answer to ${path} is not HTTP`));
      const code = Number(status[1]);
      socket.off('data', onData);
      if (code !== 200) {
        socket.off('end', ended);
        collectError(socket, body, code, fail);
        return;
      }
      settled = true;
      socket.off('error', fail);
      socket.off('end', ended);
      socket.pause();
      if (body.length > 0) socket.unshift(body);
      resolve(socket);
    };
    const ended = (): void => fail(new Error(`the engine closed the connection before answering ${path}`));
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('end', ended);
    socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: safework-monitor\r\n\r\n`);
  });
}

/** Reads an error answer's body (bounded) for its message, then fails with it. */
function collectError(socket: Socket, first: Buffer, code: number, fail: (error: Error) => void): void {
  let body: Buffer = first;
  const finish = (): void => {
    const text = body.subarray(0, MAX_ERROR_BODY).toString('utf8').trim();
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // Not JSON (a proxy's own page): the text is the message.
    }
    fail(new FollowRequestError(code, message || 'no message'));
  };
  socket.on('data', (chunk: Buffer) => {
    if (body.length < MAX_ERROR_BODY) body = Buffer.concat([body, chunk]);
  });
  socket.once('end', finish);
  socket.once('close', finish);
}
