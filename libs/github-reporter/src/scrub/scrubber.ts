/** How client IP addresses are treated: masked to their /24 (default), kept, or removed. */
export type IpMasking = 'mask24' | 'keep' | 'remove';

export interface ScrubOptions {
  readonly ip?: IpMasking;
}

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

const SECRET_KEYS =
  '(?:password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|session[_-]?id|csrf_token)';

type Rule = readonly [RegExp, string | ((match: string, ...groups: string[]) => string)];

// Order matters: structured secrets first (a JWT inside "token=" is still a JWT), then
// personal data, then addresses. Every replacement is a fixed point, so scrubbing twice
// changes nothing.
const SECRET_RULES: readonly Rule[] = [
  [/\b((?:[a-z][a-z0-9+.-]*):\/\/)([^\s:/@]*):([^\s@/]+)@/gi, '$1$2:[REDACTED]@'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[JWT]'],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, '[GITHUB_TOKEN]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, '[GITHUB_TOKEN]'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[AWS_KEY]'],
  [/\b(authorization\s*[:=]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?(?!\s*\[REDACTED\])[^\s"',;]+/gi, '$1[REDACTED]'],
  [/\bbearer\s+(?!\s*\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [REDACTED]'],
  [/\b((?:set-)?cookie\s*[:=]\s*)(?!\s*\[REDACTED\])[^\n]*/gi, '$1[REDACTED]'],
  [new RegExp(`(["']?\\b${SECRET_KEYS}\\b["']?\\s*[:=]\\s*["']?)(?!\\s*\\[REDACTED\\])[^\\s"',;&)]+`, 'gi'), '$1[REDACTED]'],
  [/\b(aws_secret_access_key\s*[:=]\s*)(?!\s*\[REDACTED\])\S+/gi, '$1[REDACTED]'],
];

const PERSONAL_RULES: readonly Rule[] = [
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
];

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;

function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [pattern, replacement] of rules) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/**
 * Removes secrets (DSN passwords, password/token/api_key values, Authorization and Cookie
 * headers, JWTs, GitHub and AWS keys) and personal data (e-mail, Korean phone and resident
 * registration numbers, Luhn-valid card numbers; client IPs masked to /24 by default). Pure
 * and idempotent: `scrub(scrub(x)) === scrub(x)`.
 */
export function scrub(text: string, options: ScrubOptions = {}): string {
  // One replacement can expose another (a card number glued to "password=" hides the key's
  // word boundary until it is replaced), so passes repeat until nothing changes.
  let out = scrubOnce(text, options);
  for (let i = 0; i < 4; i++) {
    const next = scrubOnce(out, options);
    if (next === out) break;
    out = next;
  }
  return out;
}

function scrubOnce(text: string, options: ScrubOptions): string {
  let out = applyRules(text, SECRET_RULES);
  out = applyRules(out, PERSONAL_RULES);
  const ip = options.ip ?? 'mask24';
  if (ip !== 'keep') {
    out = out.replace(IPV4, (m, a: string, b: string, c: string, d: string) => {
      const parts = [a, b, c, d].map(Number);
      if (parts.some((n) => n > 255)) return m;
      return ip === 'remove' ? '[IP]' : `${a}.${b}.${c}.x`;
    });
  }
  return out;
}

/** Scrubs every string inside a JSON-like value. */
export function scrubDeep<T>(value: T, options: ScrubOptions = {}): T {
  if (typeof value === 'string') return scrub(value, options) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, options)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, options)])) as T;
  }
  return value;
}
