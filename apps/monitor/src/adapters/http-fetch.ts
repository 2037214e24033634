import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What Octokit's request layer passes to `fetch` and reads back: the whole of its use. */
export interface FetchInit {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal | null;
  readonly redirect?: string;
}

export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: ResponseHeaders;
  readonly body: null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const MAX_REDIRECTS = 5;
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 4 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };

/**
 * `fetch` for Octokit over `node:http`/`node:https`. Node's global fetch loads undici on first
 * use, which costs the monitor about 9 MB more memory than `node:http` for the few requests a
 * minute it makes to GitHub. Redirects are followed as fetch does; `signal` aborts.
 */
export async function httpFetch(url: string | URL, init: FetchInit = {}): Promise<FetchResponse> {
  let target = new URL(String(url));
  let method = (init.method ?? 'GET').toUpperCase();
  let body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : init.body === undefined || init.body === null ? undefined : String(init.body);
  for (let hop = 0; ; hop++) {
    const answer = await send(target, method, body, init.headers ?? {}, init.signal ?? undefined);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status > 308 || typeof location !== 'string' || init.redirect === 'manual' || hop >= MAX_REDIRECTS) {
      return response(target.toString(), answer.status, answer.statusText, answer.headers, answer.body);
    }
    if (init.redirect === 'error') throw new TypeError(`redirect from ${target.toString()} refused`);
    target = new URL(location, target);
    // As fetch: 303 (and 301/302 after a POST) become a GET without body; 307/308 keep both.
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
}

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function send(url: URL, method: string, body: string | Uint8Array | undefined, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const secure = url.protocol === 'https:';
    const req = (secure ? httpsRequest : httpRequest)(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: secure ? agents.https : agents.http }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        signal?.removeEventListener('abort', abort);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(parts) });
      });
      res.on('error', fail);
    });
    function fail(error: Error): void {
      signal?.removeEventListener('abort', abort);
      reject(new TypeError('fetch failed', { cause: error }));
    }
    function abort(): void {
      req.destroy();
      reject(signal?.reason as Error);
    }
    signal?.addEventListener('abort', abort, { once: true });
    req.on('error', fail);
    req.end(body);
  });
}

function response(url: string, status: number, statusText: string, raw: IncomingHttpHeaders, body: Buffer): FetchResponse {
  const headers = new ResponseHeaders(raw);
  return {
    status,
    statusText,
    url,
    headers,
    body: null,
    text: () => Promise.resolve(body.toString('utf8')),
    json: () => Promise.resolve(JSON.parse(body.toString('utf8')) as unknown),
    arrayBuffer: () => Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
  };
}

/** The read side of fetch's `Headers`: lower-case names, repeated values joined. */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #map = new Map<string, string>();

  constructor(raw: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#map.entries();
  }
}
