import { generateKeyPairSync } from 'node:crypto';

/**
 * Secrets of the kinds secretlint's recommended preset knows, in log lines as an app would
 * print them. Test data only: the values are generated, none was ever issued.
 */
export interface SecretSample {
  readonly kind: string;
  /** The catalogue rule expected to find it. */
  readonly rule: string;
  readonly value: string;
  readonly line: string;
}

/** A deterministic string from `alphabet`, so that the samples are stable across runs. */
export function pseudoRandom(alphabet: string, length: number, seed: number): string {
  let x = (seed * 2654435761) % 2147483648;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[(x >> 8) % alphabet.length];
  }
  return s;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = ALNUM.slice(0, 52);
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const r = (n: number, seed: number, abc = ALNUM): string => pseudoRandom(abc, n, seed);

// A real key, made for the test: the catalogue checks the DER header inside the armour.
const pem = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey.trim();

const samples: readonly [kind: string, rule: string, value: string, line: (v: string) => string][] = [
  ['Slack incoming webhook', 'slack', `https://hooks.slack.com/services/T${r(10, 1).toUpperCase()}/B${r(10, 2).toUpperCase()}/${r(24, 3)}`, (v) => `notify failed: POST ${v} returned 404`],
  ['Slack bot token', 'slack', `xoxb-${r(12, 4, '0123456789')}-${r(13, 5, '0123456789')}-${r(24, 6)}`, (v) => `slack client init with ${v} rejected: invalid_auth`],
  ['npm token', 'npm', `npm_${r(36, 7)}`, (v) => `publish failed, NPM_AUTH=${v}`],
  ['GitLab personal access token', 'gitlab', `glpat-${r(20, 8)}`, (v) => `clone via ${v} denied`],
  ['GitHub fine-grained token', 'github', `github_pat_${r(22, 9)}_${r(59, 10)}`, (v) => `sync job used ${v}`],
  ['Hugging Face token', 'huggingface', `hf_${r(34, 11, LETTERS)}`, (v) => `model download with ${v} failed`],
  ['SendGrid key', 'sendgrid', `SG.${r(22, 12)}.${r(43, 13)}`, (v) => `mail send error, key ${v}`],
  ['Anthropic key', 'anthropic', `sk-ant-api03-${r(93, 14)}AA`, (v) => `llm call failed key=${v}`],
  ['Shopify token', 'shopify', `shpat_${r(32, 15, '0123456789abcdef')}`, (v) => `shop sync ${v} unauthorized`],
  ['Linear key', 'linear', `lin_api_${r(40, 16)}`, (v) => `tracker ${v} rejected`],
  ['Databricks token', 'databricks', `dapi${r(32, 17, '0123456789abcdef')}`, (v) => `job submit with ${v} failed`],
  ['Grafana service account token', 'grafana', `glsa_${r(32, 18)}_${r(8, 19, '0123456789abcdef')}`, (v) => `dashboard push ${v} 401`],
  ['Vercel token', 'vercel', `vcp_${r(56, 20, LOWER_ALNUM)}`, (v) => `deploy hook ${v} 403`],
  ['private key', 'privatekey', pem, (v) => `loaded signing key:\n${v}`],
];

export const CATALOGUE_SAMPLES: readonly SecretSample[] = samples.map(([kind, rule, value, line]) => ({ kind, rule, value, line: line(value) }));

const HEX = '0123456789abcdef';

/**
 * Kinds no catalogue rule knows: they must go by our own rules, the named-key fallback or the
 * free-token fallback.
 */
const uncatalogued: readonly [kind: string, value: string, line: (v: string) => string][] = [
  ['payment live key', `sk_live_${r(24, 30)}`, (v) => `charge failed: stripe.error.AuthenticationError: Invalid API Key provided: ${v}`],
  ['chat webhook path', `${r(18, 31, '0123456789')}/${r(68, 32)}`, (v) => `alert post to https://discord.com/api/webhooks/${v} failed: 401`],
  ['Teams webhook', `${r(32, 33, HEX)}@${r(32, 34, HEX)}/IncomingWebhook/${r(32, 35, HEX)}/${r(36, 36)}`, (v) => `POST https://outlook.office.com/webhook/${v} -> 400`],
  ['PEM body without armour', r(64, 37, `${ALNUM}+/`), (v) => `key material line: ${v}`],
  ['OpenAI project key', `sk-proj-${r(48, 38)}`, (v) => `openai.AuthenticationError: Incorrect API key provided: ${v}`],
  ['Google API key', `AIza${r(35, 39)}`, (v) => `maps geocode failed for key ${v}`],
  ['Twilio auth token', r(32, 40, HEX), (v) => `sms send failed TWILIO_AUTH_TOKEN=${v}`],
  ['Datadog API key', r(32, 41, HEX), (v) => `metrics flush rejected: DD_API_KEY: ${v}`],
  ['webhook signing secret', `whsec_${r(32, 42)}`, (v) => `signature check failed with webhook_secret="${v}"`],
  ['Azure storage key', `${r(86, 43, `${ALNUM}+/`)}==`, (v) => `blob upload failed: DefaultEndpointsProtocol=https;AccountName=safework;AccountKey=${v};EndpointSuffix=core.windows.net`],
  ['session secret', r(24, 44, LOWER_ALNUM), (v) => `flask config SECRET_KEY = '${v}'`],
  ['signed URL signature', r(43, 45, `${ALNUM}-_`), (v) => `download https://cdn.example.com/report.pdf?Expires=1714600000&Signature=${v} failed`],
];

export const UNCATALOGUED_SAMPLES: readonly Omit<SecretSample, 'rule'>[] = uncatalogued.map(([kind, value, line]) => ({ kind, value, line: line(value) }));
