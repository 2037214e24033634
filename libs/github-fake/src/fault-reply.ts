import type { IncomingMessage } from 'node:http';
import type { Fault, Reply } from './fake-types';

/** What GitHub answers in the failure a fault stands for. */
export function faultReply(fault: Fault): Reply {
  const docs = 'https://docs.github.com/rest';
  switch (fault.kind) {
    case 429:
      // A primary limit that resets in `retryAfter` seconds: clients wait for x-ratelimit-reset.
      return {
        status: 429,
        body: { message: 'API rate limit exceeded', documentation_url: docs },
        headers: { 'retry-after': String(fault.retryAfter ?? 1), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + (fault.retryAfter ?? 1)) },
      };
    case 'secondary':
      return {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: `${docs}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits` },
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
      };
    case 401:
      return { status: 401, body: { message: 'Bad credentials', documentation_url: docs } };
    case 404:
      return { status: 404, body: { message: 'Not Found', documentation_url: docs } };
    case 422:
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', message: 'injected' }], documentation_url: docs } };
    case 'hang':
    case 'delay':
      return { status: 504 };
    default:
      return { status: fault.kind, body: { message: 'Server Error' } };
  }
}

/** A request's whole body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
