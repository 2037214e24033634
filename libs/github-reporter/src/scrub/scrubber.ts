import { SecretCatalogue } from './catalogue';
import { IPV6, PERSONAL_RULES, RANDOM_TOKEN_RULE, SECRET_RULES, USERINFO_RULE, applyRules, maskIpv6, redactKeyValues } from './own-rules';

/** How client IP addresses are treated: masked to their /24 (default), kept, or removed. */
export type IpMasking = 'mask24' | 'keep' | 'remove';

export interface ScrubOptions {
  readonly ip?: IpMasking;
}

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;
/** Characters a secret's value is made of: a finding that stops inside a token is carried to its end. */
const TOKEN_CHAR = /[A-Za-z0-9+/=_-]/;

let catalogue: SecretCatalogue | undefined;

/** The catalogue's findings replaced by `[REDACTED:<rule>]`. */
function redactCatalogued(text: string): string {
  catalogue ??= new SecretCatalogue();
  const found = catalogue.find(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    let end = f.end;
    while (end < text.length && TOKEN_CHAR.test(text[end] ?? '')) end++;
    const hit = text.slice(f.start, end);
    // A connection string whose password is gone keeps its host and database: that is what
    // on-call needs to read, and nothing secret is left in it.
    if (hit.includes('[REDACTED]') && !/[A-Za-z0-9]{16,}/.test(hit.replace(/\[REDACTED\]/g, ''))) continue;
    out += `${text.slice(at, f.start)}[REDACTED:${f.rule}]`;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Removes secrets and personal data from text that leaves the process. In order: passwords in
 * URLs (the host stays); secretlint's recommended catalogue; our own rules (JWTs, tokens,
 * `Authorization` and `Cookie` headers, values of keys that name a secret, with a high-entropy
 * fallback); personal data (e-mail, Korean phone and resident registration numbers, Luhn-valid
 * card numbers, account, passport and licence numbers); any free-standing token that looks
 * machine-generated; client IPs masked to their /24 (IPv6: /48) by default. Pure and idempotent: `scrub(scrub(x)) === scrub(x)`.
 */
export function scrub(text: string, options: ScrubOptions = {}): string {
  // One replacement can expose another (a card number glued to "password=" hides the key's
  // word boundary until it is replaced), so passes repeat until nothing changes.
  let before = text;
  let out = scrubOnce(text, options);
  for (let i = 0; i < 4 && out !== before; i++) {
    before = out;
    out = scrubOnce(out, options);
  }
  return out;
}

function scrubOnce(text: string, options: ScrubOptions): string {
  let out = applyRules(text, [USERINFO_RULE]);
  out = redactCatalogued(out);
  out = redactKeyValues(applyRules(out, SECRET_RULES));
  out = applyRules(out, PERSONAL_RULES);
  out = applyRules(out, [RANDOM_TOKEN_RULE]);
  const ip = options.ip ?? 'mask24';
  if (ip !== 'keep') {
    out = out.replace(IPV4, (m, a: string, b: string, c: string, d: string) => {
      const parts = [a, b, c, d].map(Number);
      if (parts.some((n) => n > 255)) return m;
      return ip === 'remove' ? '[IP]' : `${a}.${b}.${c}.x`;
    });
    out = out.replace(IPV6, (m) => maskIpv6(m, ip === 'remove' ? 'remove' : 'mask'));
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
