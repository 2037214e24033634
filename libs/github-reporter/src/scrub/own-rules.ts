import { looksLikeSecretValue, looksRandom } from './randomness';

/**
 * What no maintained catalogue has: passwords in connection strings (keeping the host, which
 * on-call needs), cookies and `Authorization` headers, values of keys that name a secret,
 * Korean resident registration and phone numbers, card numbers; and the last line of defence,
 * any free-standing token that looks machine-generated.
 */

export type Rule = readonly [RegExp, string | ((match: string, ...groups: string[]) => string)];

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** `scheme://user:password@host`: the password goes, the host stays. Runs before the catalogue. */
export const USERINFO_RULE: Rule = [/\b((?:[a-z][a-z0-9+.-]*):\/\/)([^\s:/@]*):([^\s@/]+)@/gi, '$1$2:[REDACTED]@'];

/** Keys that say their value is a secret: any value goes (`PGPASSWORD`, `db_password`, `sig`). */
const SECRET_KEY = /(?:passw|pwd|passphrase|secret|token|credential|api[_-]?key|apikey|access[_-]?key|private[_-]?key|session[_-]?id|^sig$|signature|^cvv$|^cvc$|^pin$|^ssn$)/i;
/** Keys that may hold a secret: the value goes when it looks like one (`x-api-key`, `stripeKey`, `auth`). */
const SECRETISH_KEY = /(?:key|auth|creds|salt|private|session|webhook|dsn|cookie)/i;
const NOT_A_KEY = /(?:error|exception|warning|name|type|count|len|length|size|expir\w*|path|policy|field|s)$/i;
/** Values that are no secret: what scrubbing or the app already put there. */
const PLACEHOLDER = /^(?:\[[A-Z_:a-z0-9-]+\]|\*+|none|null|nil|true|false|undefined|redacted|<[^>]*>)?$/i;

/**
 * `key=value`, `key: value`, `"key": "value"`: the key, then a quoted value (to its closing
 * quote: a password may hold spaces) or a bare one.
 */
const KEY_VALUE = /(["']?)\b([A-Za-z_][\w.-]{0,40})\1(\s*[:=]\s*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;&)<>[\]]+))/g;

function redactKeyValue(m: string, q: string, key: string, sep: string, dq?: string, sq?: string, bare?: string): string {
  const value = dq ?? sq ?? bare ?? '';
  if (PLACEHOLDER.test(value) || NOT_A_KEY.test(key)) return m;
  const secret = SECRET_KEY.test(key) || (SECRETISH_KEY.test(key) && looksLikeSecretValue(value));
  if (!secret) return m;
  const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
  return `${q}${key}${q}${sep}${quote}[REDACTED]${quote}`;
}

// Order matters: structured secrets first (a JWT inside "token=" is still a JWT). Every
// replacement is a fixed point, so scrubbing twice changes nothing.
export const SECRET_RULES: readonly Rule[] = [
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[JWT]'],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, '[GITHUB_TOKEN]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, '[GITHUB_TOKEN]'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[AWS_KEY]'],
  [/\b(authorization\s*[:=]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?(?!\s*\[REDACTED\])[^\s"',;]+/gi, '$1[REDACTED]'],
  [/\bbearer\s+(?!\s*\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [REDACTED]'],
  [/\b((?:set-)?cookie\s*[:=]\s*)(?!\s*\[REDACTED\])[^\n]*/gi, '$1[REDACTED]'],
  // Command lines: `mysql -u root -phunter2`, Redis's `AUTH <password>` / `AUTH <user> <password>`.
  [/(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]*?\s-p)(?!\[REDACTED\])(\S+)/g, '$1[REDACTED]'],
  [/\b(AUTH\s+)(?!\[REDACTED\])\S+(\s+(?=\S*[^\sA-Za-z])(?!\[REDACTED\])\S+)?/g, (_m: string, auth: string, second?: string) => `${auth}[REDACTED]${second === undefined ? '' : ' [REDACTED]'}`],
];

/**
 * Every `key=value` pair, values of secret keys redacted. A pair whose key names no secret is
 * looked at again from the end of its key: in `note: api_key: "…"` the value `api_key:` is the
 * next pair's key.
 */
export function redactKeyValues(text: string): string {
  const re = new RegExp(KEY_VALUE.source, 'g');
  let out = '';
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [whole, q = '', key = '', sep = '', dq, sq, bare] = m;
    const replaced = redactKeyValue(whole, q, key, sep, dq, sq, bare);
    if (replaced === whole) {
      re.lastIndex = m.index + q.length + key.length;
      continue;
    }
    out += text.slice(at, m.index) + replaced;
    at = m.index + whole.length;
  }
  return out + text.slice(at);
}

export const PERSONAL_RULES: readonly Rule[] = [
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, '[EMAIL]'],
  // 주민등록번호: YYMMDD-GNNNNNN (G: 1-4 citizens, 5-8 foreign residents)
  [/(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}(?!\d)/g, '[RRN]'],
  // Card numbers: 13-19 digits in groups, kept only when the Luhn check passes.
  [
    /(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])/g,
    (m: string) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? '[CARD]' : m;
    },
  ],
  // Korean mobile (010…) and landline (02, 031…064) numbers, also with +82.
  [/(?<![\d.])(?:\+82[- ]?|0)1[016789][- ]?\d{3,4}[- ]?\d{4}(?![\d.])/g, '[PHONE]'],
  [/(?<![\d.])(?:\+82[- ]?|0)(?:2|[3-6][1-5])[- ]?\d{3,4}[- ]?\d{4}(?![\d.])/g, '[PHONE]'],
  // Account, passport and licence numbers where the text names them (계좌, 여권, 면허).
  [/((?:계좌|account)(?:\s*(?:번호|no\.?|number))?\s*[:：=]?\s*)(?:[A-Z]{0,2}\d[\d -]{6,22}\d)/gi, '$1[ACCOUNT]'],
  [/((?:여권|passport)(?:\s*(?:번호|no\.?|number))?\s*[:：=]?\s*)[A-Z]{1,2}\d{7,8}\b/gi, '$1[PASSPORT]'],
  // 운전면허번호: RR-YY-NNNNNN-CC.
  [/(?<![\d-])\d{2}-\d{2}-\d{6}-\d{2}(?![\d-])/g, '[LICENCE]'],
  // US social security numbers.
  [/(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g, '[SSN]'],
];

/**
 * IPv6 client addresses, masked to their /48 like IPv4 to its /24 (an address with `::` or
 * eight groups; `10:00:00` is a time, not an address).
 */
export const IPV6 = /(?<![\w:.])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|(?:[0-9a-f]{1,4}:){1,7}:|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:.])/gi;

export function maskIpv6(address: string, mode: 'mask' | 'remove'): string {
  const groups = address.split(':');
  if (!address.includes('::') && groups.length < 8) return address;
  if (mode === 'remove') return '[IP]';
  const head = address.split('::')[0]?.split(':').filter(Boolean).slice(0, 3) ?? [];
  return `${head.join(':')}::x`;
}

/**
 * Free-standing machine-generated tokens: a key nobody catalogued (`sk_live_…`), a webhook
 * URL's secret path segment, the body of a PEM key cut from its armour.
 */
export const RANDOM_TOKEN_RULE: Rule = [
  // Every run, short ones returned as they are: `{20,}` would rescan each shorter run from
  // each of its characters.
  /[A-Za-z0-9+/=_.-]+/g,
  (m: string) => {
    if (m.length < 20) return m;
    if (looksRandom(m)) return '[SECRET]';
    if (!m.includes('/') && !m.includes('.')) return m;
    return m.replace(/[^/.]{20,}/g, (piece) => (looksRandom(piece) ? '[SECRET]' : piece));
  },
];

export function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [pattern, replacement] of rules) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}
