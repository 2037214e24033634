import type { RequestInfo, UserInfo } from '../types';

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS';
const IP = '(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)';

// gunicorn / werkzeug / common log format: 1.2.3.4 - user [date] "POST /x HTTP/1.1" 500 12
const ACCESS = new RegExp(
  `(?:^|\\s)(${IP}) - (\\S+) \\[[^\\]]+\\] "(${METHODS}) (\\S+) HTTP/[\\d.]+" (\\d{3})`,
);
/**
 * An access line, if the text holds one. The pattern starts with no literal V8 can search for
 * and its IPv6 branch backtracks at every hex letter: tried only where "HTTP/" occurs, it was 2 %
 * of a flood's time otherwise.
 */
const accessLine = (text: string): RegExpExecArray | null => (text.includes('HTTP/') ? ACCESS.exec(text) : null);
// Flask: "Exception on /survey/submit [POST]"
const FLASK_EXCEPTION = new RegExp(`Exception on (\\S+) \\[(${METHODS})\\]`);
// gunicorn: "Error handling request /boom"
const GUNICORN_ERROR = /Error handling request (\/\S*)/;
const KV_METHOD = new RegExp(`\\b(?:method|request_method)["']?\\s*[=:]\\s*["']?(${METHODS})\\b`, 'i');
const KV_URL = /\b(?:url|path|request_url|request_path|endpoint|uri)["']?\s*[=:]\s*["']?((?:https?:\/\/[^\s"',]+)|\/[^\s"',]*)/i;
const KV_IP = new RegExp(`\\b(?:ip|client_ip|remote_addr|remote_ip|client|x-forwarded-for)["']?\\s*[=:]\\s*["']?(${IP})`, 'i');
const KV_STATUS = /\b(?:status|status_code)["']?\s*[=:]\s*["']?([1-5]\d\d)\b/i;
const INLINE_REQUEST = new RegExp(`\\b(${METHODS}) (\\/[^\\s"()]*)`);
const KV_USER_ID = /\b(?:user_id|userid|uid)["']?\s*[=:]\s*["']?([\w.@-]+)/i;
const KV_USER_NAME = /\b(?:user(?:name)?|login)["']?\s*[=:]\s*["']?([\w.@-]+)/i;
const KO_USER = /사용자(?:\s*ID)?\s*[=:]\s*([\w.@-]+)/;

/** The `key=value` patterns above. */
export const KEYED_PATTERNS: readonly RegExp[] = [KV_METHOD, KV_URL, KV_IP, KV_STATUS, KV_USER_ID, KV_USER_NAME];
/**
 * Matches wherever any of KEYED_PATTERNS does (every one starts with one of these keys and a
 * `=` or `:`): one scan tells whether the six are worth running. Most lines name no key, and
 * the six scans were a tenth of an error flood's time.
 */
export const ANY_KEY = /\b(?:method|request_method|url|path|request_url|request_path|endpoint|uri|ip|client_ip|remote_addr|remote_ip|client|x-forwarded-for|status|status_code|user_id|userid|uid|user|username|login)["']?\s*[=:]/i;

/** The last text ANY_KEY was run on and its answer: the classifier asks for request and user of one text in turn. */
let lastKeyed: { text: string; keyed: boolean } = { text: '', keyed: false };
function namesAKey(text: string): boolean {
  if (lastKeyed.text !== text) lastKeyed = { text, keyed: ANY_KEY.test(text) };
  return lastKeyed.keyed;
}

type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * Drops undefined fields; undefined when nothing is left. A loop, not entries/filter/
 * fromEntries: it runs twice per event, and those three allocations were 2 % of a flood.
 */
function compact<T extends object>(value: Loose<T>): T | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) (out ??= {})[key] = v;
  }
  return out as T | undefined;
}

/** Request method, URL, client IP and status found in the text, if any. */
export function extractRequest(text: string): RequestInfo | undefined {
  let method: string | undefined;
  let url: string | undefined;
  let clientIp: string | undefined;
  let status: number | undefined;
  const access = accessLine(text);
  if (access) {
    clientIp = access[1];
    method = access[3];
    url = access[4];
    status = Number(access[5]);
  }
  const flask = FLASK_EXCEPTION.exec(text);
  if (flask) {
    url ??= flask[1];
    method ??= flask[2];
  }
  url ??= GUNICORN_ERROR.exec(text)?.[1];
  if (namesAKey(text)) {
    method ??= KV_METHOD.exec(text)?.[1]?.toUpperCase();
    url ??= KV_URL.exec(text)?.[1];
    clientIp ??= KV_IP.exec(text)?.[1];
    if (status === undefined) {
      const s = KV_STATUS.exec(text)?.[1];
      if (s !== undefined) status = Number(s);
    }
  }
  if (method === undefined && url === undefined) {
    const inline = INLINE_REQUEST.exec(text);
    if (inline) {
      method = inline[1];
      url = inline[2];
    }
  }
  return compact<RequestInfo>({ method, url, clientIp, status });
}

/** User id / name found in the text, if any. */
export function extractUser(text: string): UserInfo | undefined {
  const keyed = namesAKey(text);
  const id = keyed ? KV_USER_ID.exec(text)?.[1] : undefined;
  let name = (keyed ? KV_USER_NAME.exec(text)?.[1] : undefined) ?? KO_USER.exec(text)?.[1];
  const access = accessLine(text);
  if (name === undefined && access?.[2] !== undefined && access[2] !== '-') name = access[2];
  return compact<UserInfo>({ id, name });
}
