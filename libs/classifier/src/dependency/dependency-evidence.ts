import { hash64 } from '../fingerprint/hash';

/** The backing services a connection-class failure can point at. */
export const DEPENDENCY_KINDS = ['redis', 'mysql', 'postgresql'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

/** How the dependency failed: it could not be reached, refused the credentials, or was full. */
export type DependencyFailure = 'unreachable' | 'auth' | 'capacity';

/** What a record says about a failing dependency. */
export interface DependencyEvidence {
  readonly kind: DependencyKind;
  readonly failure: DependencyFailure;
  /** The host the client tried, when the text names it (a Compose service name, usually). */
  readonly host?: string;
}

/** Fingerprint scheme of dependency failures: one key per dependency and kind of failure. */
export const DEPENDENCY_FINGERPRINT_VERSION = 'v2';

// Which client, by what its errors and endpoints look like. Drivers and wrappers (SQLAlchemy,
// PyMySQL, mysqlclient, redis-py, psycopg) say the same things in different words.
const KIND: ReadonlyArray<readonly [DependencyKind, RegExp]> = [
  ['redis', /\bredis\b|\b6379\b|NOAUTH|WRONGPASS|MISCONF|LOADING Redis|read only replica/i],
  ['postgresql', /postgres|psycopg|\b5432\b|could not translate host name|connection to server (?:at|on)|too many clients already|password authentication failed/i],
  ['mysql', /mysql|mariadb|pymysql|\b3306\b|\((?:1040|1044|1045|2002|2003|2005|2006|2013), |\b(?:2002|2003|2005|2006|2013) \(HY000\)|server has gone away|QueuePool limit/i],
];

// The errno variants of one outage (name not resolved while the container is gone, refused
// while it starts, reset, timed out, closed) are all "unreachable".
const FAILURE: ReadonlyArray<readonly [DependencyFailure, RegExp]> = [
  ['auth', /Access denied for user|\((?:1044|1045), |\b1045 \(28000\)|password authentication failed|NOAUTH|WRONGPASS|AuthenticationError|invalid username-password pair/i],
  ['capacity', /Too many connections|\(1040, |too many clients already|remaining connection slots|QueuePool limit of size|max number of clients reached/i],
  [
    'unreachable',
    /Can'?t connect to|Unknown (?:MySQL |MariaDB )?server host|\((?:2002|2003|2005|2006|2013), |\b(?:2002|2003|2005|2006|2013) \(HY000\)|Lost connection to|server has gone away|could not connect to server|connection to server (?:at|on) [^\n]* failed|could not translate host name|Error -?\d+ connecting to|Connection refused|Connection reset|Connection closed by server|Timeout connecting to|timed out|Name or service not known|Temporary failure in name resolution|No route to host|Network is unreachable|Error while reading from socket|Error \d+ while writing to socket|server closed the connection unexpectedly|ConnectionError/i,
  ],
];

// Where the client says it tried to connect.
const HOST: readonly RegExp[] = [
  /Error -?\d+ connecting to \[?([\w.-]+)\]?:\d+/i,
  /redis(?:s)?:\/\/(?:[^@\s/]*@)?([\w.-]+)/i,
  /Can'?t connect to (?:MySQL|MariaDB) server on '([\w.-]+)'/i,
  /Unknown (?:MySQL |MariaDB )?server host '([\w.-]+)'/i,
  /connection to server at "([\w.-]+)"/i,
  /could not translate host name "([\w.-]+)"/i,
  /(?:mysql|mariadb|postgres(?:ql)?)(?:\+\w+)?:\/\/(?:[^@\s/]*@)?([\w.-]+)/i,
];

/**
 * What a connection-class record says about its dependency: which kind, how it failed, and
 * the host when named. Undefined when the text names no known dependency failure.
 */
export function dependencyEvidence(text: string): DependencyEvidence | undefined {
  const failure = FAILURE.find(([, re]) => re.test(text))?.[0];
  if (failure === undefined) return undefined;
  const kind = KIND.find(([, re]) => re.test(text))?.[0];
  if (kind === undefined) return undefined;
  for (const re of HOST) {
    const host = re.exec(text)?.[1];
    if (host !== undefined) return { kind, failure, host: host.toLowerCase() };
  }
  return { kind, failure };
}

/**
 * The key of a dependency failure: its type, the dependency and how it failed, never the
 * driver, the code path, the request, the errno variant, the container or the line that said
 * it. Without a host (`Connection closed by server`) the key says `*`; the monitor's correlate
 * stage fills in the host it last saw for that dependency.
 */
export function dependencyFingerprint(type: string, evidence: DependencyEvidence): string {
  return `${DEPENDENCY_FINGERPRINT_VERSION}-${hash64([DEPENDENCY_FINGERPRINT_VERSION, type, evidence.kind, evidence.host ?? '*', evidence.failure].join('\u0000'))}`;
}
