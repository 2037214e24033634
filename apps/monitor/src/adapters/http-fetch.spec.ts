import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpFetch } from './http-fetch';

describe('httpFetch', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method: string; url: string; body: string; headers: IncomingMessage['headers'] }> = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/json': (_req, res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('x-ratelimit-remaining', '4999');
      res.end('{"number":7,"title":"한국어"}');
    },
    '/moved': (_req, res) => res.writeHead(301, { location: '/json' }).end(),
    '/see-other': (_req, res) => res.writeHead(303, { location: '/echo' }).end(),
    '/echo': (req, res) => res.end(`${req.method ?? ''} ${seen.at(-1)?.body ?? ''}`),
    '/slow': () => undefined,
    '/gone': (_req, res) => res.writeHead(410, { 'content-type': 'application/json' }).end('{"message":"Issue deleted"}'),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
        (routes[req.url ?? ''] ?? ((_q, r: ServerResponse) => r.writeHead(404).end()))(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers as fetch does: status, url, headers to iterate and read, the body as text', async () => {
    const res = await httpFetch(`${base}/json`, { headers: { authorization: 'token x', accept: 'application/vnd.github+json' } });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/json`);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(Object.fromEntries(res.headers)).toMatchObject({ 'x-ratelimit-remaining': '4999' });
    expect(JSON.parse(await res.text())).toEqual({ number: 7, title: '한국어' });
    expect(seen.at(-1)?.headers.authorization).toBe('token x');
  });

  it('sends a body with its length, and keeps error answers readable', async () => {
    const res = await httpFetch(`${base}/gone`, { method: 'PATCH', body: '{"state":"closed","title":"é"}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({ message: 'Issue deleted' });
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', body: '{"state":"closed","title":"é"}' });
    expect(seen.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength('{"state":"closed","title":"é"}')));
  });

  it('follows redirects as fetch does: 301 keeps a GET, 303 turns a POST into a GET without body', async () => {
    const moved = await httpFetch(`${base}/moved`);
    expect(moved.status).toBe(200);
    expect(moved.url).toBe(`${base}/json`);
    const other = await httpFetch(`${base}/see-other`, { method: 'POST', body: 'x=1' });
    expect(await other.text()).toBe('GET ');
    expect((await httpFetch(`${base}/moved`, { redirect: 'manual' })).status).toBe(301);
  });

  it('aborts on the signal and fails plainly when nobody listens', async () => {
    await expect(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(httpFetch('http://127.0.0.1:9/')).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
  });
});
