import type { RuleDefinition } from './rule';

/*
 * Priorities: a more specific cause outranks a generic symptom, so a redis-py ConnectionError
 * inside a Flask "Exception on /x [POST]" traceback is a redis_connection event, not an
 * application_error. Bands: 100 benign markers; 75-90 a service is down; 50-70 one failed
 * operation; 20-40 symptoms (HTTP status, login failures); below 0 catch-alls.
 * Patterns are RE2-compatible (no look-around, no back-references) so the fast scanner can
 * use them as a gate; `validateRules` only requires JavaScript syntax for user rules.
 */
const METHOD = '(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)';
const ACCESS = `"${METHOD} [^"]*" `;

export const BUILTIN_RULES: readonly RuleDefinition[] = [
  // ── Benign text ─────────────────────────────────────────────────────────────────────────
  {
    id: 'benign-http-success',
    ignore: true,
    priority: 100,
    pattern: `${ACCESS}[123]\\d\\d\\b`,
    description: 'Access lines with a 1xx-3xx status, whatever the URL says (e.g. /api/error-report).',
  },
  {
    id: 'benign-http-client-error',
    ignore: true,
    priority: 100,
    pattern: `${ACCESS}4(?:0[025-9]|1\\d|2[0-8]|[3-9]\\d)\\b`,
    description: 'Access lines with 4xx statuses other than 401, 403, 404 and 429.',
  },
  {
    id: 'benign-retry-succeeded',
    ignore: true,
    priority: 100,
    pattern:
      '(?:succeeded|successful(?:ly)?|(?:re)?connected|recovered|established)\\b[^\\n]{0,80}\\b(?:after|on) (?:\\d+ )?(?:retr(?:y|ies)|attempts?|tries)|(?:after|on) (?:\\d+ |the \\w+ )?(?:retr(?:y|ies)|attempts?|tries)[^\\n]{0,80}\\b(?:succeeded|success|(?:re)?connected|recovered)',
    description: 'A retry that worked: "Connected to MySQL after 3 attempts (last error: Connection refused)".',
  },
  {
    id: 'benign-access-granted',
    ignore: true,
    priority: 100,
    pattern:
      '\\baccess granted\\b|\\b(?:login|log-in|sign-in|authentication) (?:succeeded|successful)\\b|\\b(?:logged|signed) in successfully\\b|\\bsuccessfully (?:logged|signed) in\\b|로그인 성공|접속 성공',
    description: 'Some apps log successful (administrative) access at ERROR so it stands out: an audit line, not an error.',
  },
  {
    id: 'benign-redis-startup',
    ignore: true,
    priority: 100,
    pattern:
      'WARNING:? Memory overcommit must be enabled|The TCP backlog setting of \\d+ cannot be enforced|Transparent Huge Pages|no config file specified|Ready to accept connections',
    description: 'Warnings every Redis start prints on a default host: noise, not incidents.',
  },
  {
    id: 'benign-mysql-note',
    ignore: true,
    priority: 75,
    pattern: '\\[(?:Note|System)\\]',
    flags: '',
    description: 'MySQL/MariaDB [Note] and [System] lines (start-up, shutdown, crash recovery notes).',
  },

  // ── Database: the service cannot reach or use its database (critical) ──────────────────
  {
    id: 'mysql-crash',
    type: 'database_connection',
    severity: 'critical',
    priority: 90,
    pattern:
      '(?:mysqld|mariadbd) got signal \\d+|InnoDB: Assertion failure|InnoDB: (?:Database page corruption|Corruption|Page \\[page id[^\\n]*\\] log sequence number[^\\n]*is in the future)|is marked as crashed and (?:should|last) (?:be )?repair|InnoDB: Cannot allocate memory for the buffer pool|Plugin \'InnoDB\' (?:init function returned error|registration as a STORAGE ENGINE failed)|Fatal error: Can\'t open and lock privilege tables|\\[ERROR\\](?: \\[[^\\]]*\\])*:? (?:Aborting|mysqld: Out of memory|mariadbd: Out of memory)|Can\'t start server: Bind on TCP/IP port|Do you already have another (?:mysqld|mariadbd) server running|InnoDB: Unable to lock \\S+ error: \\d+|Out of memory \\(Needed \\d+ bytes\\)|\\[InnoDB\\] (?:Assertion failure|Unable to lock \\S+ error: \\d+|Database page corruption|Operating system error number 28\\b)|\\[Server\\] Could not create unix socket lock file',
    description: 'MySQL/MariaDB crash, corruption or failure to start.',
  },
  {
    // MySQL 8's own error log: `[ERROR] [MY-012574] [InnoDB] …`. The server says it cannot do
    // its job; what exactly, the message tells (the crash rule above takes the fatal ones).
    id: 'mysql-server-error',
    type: 'database_connection',
    severity: 'high',
    priority: 40,
    pattern: '\\[ERROR\\] \\[MY-\\d{6}\\] \\[(?:Server|InnoDB|Repl|MY-\\d+|Auth|Connection-Control|Keyring|Clone|Group Replication)\\]',
    description: 'An error MySQL 8 logs about itself.',
  },
  {
    id: 'mysql-cannot-connect',
    type: 'database_connection',
    severity: 'critical',
    priority: 85,
    pattern:
      "Can'?t connect to (?:local )?(?:MySQL|MariaDB) server|Unknown (?:MySQL |MariaDB )?server host|\\((?:2002|2003|2005), |\\b(?:2002|2003|2005) \\(HY000\\)|Lost connection to (?:MySQL|MariaDB) server at '(?:reading initial communication packet|handshake|waiting for initial communication packet)",
    description: 'Client errors 2002/2003/2005 raw or wrapped by SQLAlchemy, PyMySQL, mysqlclient.',
  },
  {
    id: 'mysql-too-many-connections',
    type: 'database_connection',
    severity: 'critical',
    priority: 85,
    pattern: 'Too many connections|\\(1040, |\\b1040 \\(\\w+\\)|ER_CON_COUNT_ERROR|sorry, too many clients already|remaining connection slots are reserved',
  },
  {
    id: 'mysql-server-auth-failure',
    type: 'authentication',
    severity: 'low',
    priority: 86,
    pattern: '\\[(?:Warning|Note)\\] (?:\\[MY-\\d+\\] \\[Server\\] )?Access denied for user',
    description:
      "The database server's log of one client failing to log in (a probe, a health check without credentials): one failed login, escalated when frequent. The app's own 1045 is the database_connection rule below.",
  },
  {
    id: 'mysql-access-denied',
    type: 'database_connection',
    severity: 'critical',
    priority: 85,
    pattern: "Access denied for user|\\(1045, |\\b1045 \\(28000\\)|ER_ACCESS_DENIED_ERROR|\\(1044, |Unknown database '",
    description: 'Wrong credentials or database name: the app cannot use its database.',
  },
  {
    id: 'postgres-cannot-connect',
    type: 'database_connection',
    severity: 'critical',
    priority: 85,
    pattern:
      'could not connect to server|connection to server (?:at|on) [^\\n]* failed|could not translate host name|password authentication failed for user|FATAL:\\s+(?:the database system is (?:starting up|shutting down|in recovery mode)|database "[^"]*" does not exist|role "[^"]*" does not exist)',
  },

  // ── Database: one operation failed (high) ───────────────────────────────────────────────
  {
    id: 'mysql-connection-lost',
    type: 'database_connection',
    severity: 'high',
    priority: 70,
    pattern:
      "MySQL server has gone away|Lost connection to (?:MySQL|MariaDB) server|\\((?:2006|2013|2055), |\\b(?:2006|2013) \\(HY000\\)|pymysql\\.err\\.InterfaceError|\\(0, ''\\)|server closed the connection unexpectedly|terminating connection due to administrator command",
  },
  {
    id: 'mysql-lock-timeout',
    type: 'database_connection',
    severity: 'high',
    priority: 65,
    pattern: 'Lock wait timeout exceeded|\\(1205, |Deadlock found when trying to get lock|\\(1213, |deadlock detected',
  },
  {
    id: 'sqlalchemy-pool-timeout',
    type: 'database_connection',
    severity: 'high',
    priority: 65,
    pattern:
      'QueuePool limit of size \\d+ overflow \\d+ reached|sqlalchemy\\.exc\\.TimeoutError|(?:psycopg2?|mysql\\.connector)\\.(?:pool\\.PoolError|errors\\.PoolError)|connection pool (?:is )?exhausted|(?:database|db|mysql|postgres(?:ql)?) (?:connection )?pool (?:is )?(?:exhausted|full)|(?:timed? ?out|timeout) waiting for (?:a |an )?(?:free |available |idle )?(?:database |db )?connection(?: from the (?:database |db |connection )?pool)?|Failed to get (?:a )?connection from (?:the )?pool',
    description: 'The database connection pool is exhausted: requests wait for a connection and time out.',
  },
  {
    id: 'db-driver-error',
    type: 'database_connection',
    severity: 'high',
    priority: 40,
    pattern:
      'sqlalchemy\\.exc\\.(?:OperationalError|InterfaceError|DisconnectionError|InternalError|DatabaseError)|pymysql\\.err\\.(?:OperationalError|InternalError)|MySQLdb\\.(?:_exceptions\\.)?OperationalError|mysql\\.connector\\.errors\\.(?:OperationalError|InterfaceError|DatabaseError)|psycopg2?\\.(?:errors\\.)?OperationalError|\\((?:pymysql|MySQLdb|psycopg2)[\\w.]*\\.OperationalError\\)',
  },
  {
    id: 'mysql-aborted-connection',
    type: 'database_connection',
    severity: 'medium',
    priority: 78,
    pattern: 'Aborted connection \\d+ to db|Aborted connection \\d+|Got an error reading communication packets|Got timeout reading communication packets',
  },
  {
    id: 'db-slow-query',
    type: 'database_connection',
    severity: 'medium',
    priority: 30,
    pattern: '\\bslow (?:sql )?quer(?:y|ies)\\b|# Query_time: \\d',
  },
  {
    id: 'db-retrying',
    type: 'database_connection',
    severity: 'medium',
    priority: 95,
    pattern:
      '(?:retry|retrying|reconnect(?:ing)?)\\b[^\\n]{0,80}\\b(?:mysql|mariadb|database|db)\\b|\\b(?:mysql|mariadb|database|db)\\b[^\\n]{0,80}\\b(?:retrying|will retry|reconnecting|next attempt|attempt \\d+ ?(?:/|of) ?\\d+)|\\bwaiting for (?:the )?(?:mysql|mariadb|postgres(?:ql)?|database|db)\\b|(?:데이터베이스|DB)[^\\n]{0,30}(?:대기|재시도)',
    description: 'A wait-for-dependency or retry loop in progress: worth a look, not an outage.',
  },

  // ── Redis ──────────────────────────────────────────────────────────────────────────────
  {
    id: 'redis-misconf',
    type: 'redis_connection',
    severity: 'critical',
    priority: 90,
    pattern:
      "MISCONF\\b|Can't save in background|Background saving error|Failed opening the (?:temp )?RDB file|Short read or OOM loading DB|Write error saving DB on disk|Unrecoverable error, aborting|Error trying to save the DB, can't exit|Error moving temp DB file|Error saving DB on disk",
  },
  {
    id: 'redis-oom',
    type: 'redis_connection',
    severity: 'critical',
    priority: 90,
    pattern: "OOM command not allowed|command not allowed when used memory > 'maxmemory'|redis\\.exceptions\\.OutOfMemoryError|Out Of Memory allocating",
  },
  {
    id: 'redis-read-only',
    type: 'redis_connection',
    severity: 'critical',
    priority: 88,
    pattern: "ReadOnlyError|READONLY You can't write|You can't write against a read only (?:replica|slave)",
    description: 'Writes go to a read-only replica (a failover, a wrong endpoint): every write fails.',
  },
  {
    id: 'broker-unreachable',
    type: 'application_error',
    severity: 'critical',
    priority: 84,
    pattern: 'consumer: Cannot connect to amqps?://|Connection to broker lost|(?:broker|Broker) (?:connection )?(?:is )?(?:unreachable|refused|lost)|kombu\\.exceptions\\.OperationalError|amqp\\.exceptions\\.(?:ConnectionForced|AccessRefused)|pika\\.exceptions\\.AMQPConnectionError',
    description: 'The task broker cannot be reached: background jobs stop (a Redis broker is the redis rules\'s).',
  },
  {
    id: 'redis-cannot-connect',
    type: 'redis_connection',
    severity: 'critical',
    priority: 85,
    pattern:
      "Error -?\\d+ connecting to \\S+\\.? ?(?:Connection refused|Name or service not known|Temporary failure in name resolution|No route to host|Connection timed out|Network is unreachable|nodename nor servname provided|Name does not resolve|Try again)|Cannot connect to redis://|Could not connect to (?:any )?Redis|Error connecting to Redis|redis\\.exceptions\\.ConnectionError: Error \\d+ while writing to socket|Connection refused[^\\n]{0,60}\\b(?:redis|6379)\\b|\\b(?:redis|6379)\\b[^\\n]{0,60}Connection refused",
  },
  {
    id: 'redis-auth',
    type: 'redis_connection',
    severity: 'critical',
    priority: 85,
    pattern: 'NOAUTH Authentication required|WRONGPASS|redis\\.exceptions\\.AuthenticationError|invalid username-password pair|Client sent AUTH, but no password is set',
  },
  {
    id: 'redis-operation-failed',
    type: 'redis_connection',
    severity: 'high',
    priority: 70,
    pattern:
      "redis\\.exceptions\\.(?:ConnectionError|TimeoutError|BusyLoadingError|ReadOnlyError|ClusterDownError|ResponseError)|Redis is loading the dataset in memory|Timeout reading from socket|Timeout connecting to server|Error while reading from socket|Connection closed by server|You can't write against a read only replica|LOADING Redis is loading",
  },
  {
    id: 'redis-retrying',
    type: 'redis_connection',
    severity: 'medium',
    priority: 95,
    pattern:
      '(?:retry|retrying|reconnect(?:ing)?)\\b[^\\n]{0,80}\\bredis\\b|\\bredis\\b[^\\n]{0,80}\\b(?:retrying|will retry|reconnecting|next attempt|attempt \\d+ ?(?:/|of) ?\\d+)|\\bwaiting for (?:the )?redis\\b|Redis[^\\n]{0,30}(?:대기|재시도)',
  },

  // ── Application ────────────────────────────────────────────────────────────────────────
  {
    id: 'process-out-of-memory',
    type: 'application_error',
    severity: 'critical',
    priority: 80,
    pattern: '\\bMemoryError\\b|Perhaps out of memory\\?|Cannot allocate memory|Out of memory: Kill(?:ed)? process|JavaScript heap out of memory',
  },
  {
    id: 'gunicorn-worker-boot-failed',
    type: 'application_error',
    severity: 'medium',
    escalate: false,
    priority: 81,
    pattern: 'Worker failed to boot',
    description:
      "gunicorn's own report (and HaltServer traceback) after a worker could not start: a symptom. The worker's traceback before it is the cause and files the issue; the restarts are the crash-loop incident.",
  },
  {
    id: 'gunicorn-boot-failure',
    type: 'application_error',
    severity: 'critical',
    priority: 80,
    pattern: 'App failed to load|Connection in use: \\(|Can\'t connect to \\(\'[^\']*\', \\d+\\)|Shutting down: Master[^\\n]*\\n?[^\\n]*Reason',
  },
  {
    id: 'gunicorn-worker-timeout',
    type: 'application_error',
    severity: 'high',
    priority: 60,
    pattern: 'WORKER TIMEOUT|Worker with pid \\d+ was terminated due to signal (?:[1-9]|1[0-46-9]|[2-9]\\d)\\b|Worker \\(pid:\\d+\\) was sent SIG(?:ABRT|TERM)|Worker \\(pid:\\d+\\) exited with code [1-9]|Exception in worker process',
    flags: '',
  },
  {
    id: 'uwsgi-harakiri',
    type: 'application_error',
    severity: 'high',
    priority: 60,
    pattern: 'HARAKIRI ON WORKER|HARAKIRI !!!|HARAKIRI triggered|DAMN ! worker \\d+ \\(pid: \\d+\\) died|uWSGI worker \\d+ screams|uwsgi_proto_\\w+_parser\\(\\)[^\\n]*timeout',
    flags: '',
    description: "uWSGI's request timeout (harakiri) and the worker it kills: the request failed.",
  },
  {
    id: 'flask-unhandled-exception',
    type: 'application_error',
    severity: 'high',
    priority: 20,
    pattern: `Exception on \\S+ \\[${METHOD}\\]|Error handling request|Unhandled exception|Internal Server Error`,
  },
  {
    id: 'http-server-error-status',
    type: 'application_error',
    severity: 'medium',
    escalate: false,
    priority: 20,
    pattern: `${ACCESS}5\\d\\d\\b`,
    description:
      'A 5xx access line is a symptom: the traceback or driver error that caused it is its own event and files the issue. Counted, and filed only with a medium threshold.',
  },
  {
    id: 'http-not-found',
    type: 'application_error',
    severity: 'low',
    priority: 20,
    pattern: `${ACCESS}404\\b|404 Not Found: The requested URL was not found`,
  },
  {
    id: 'http-too-many-requests',
    type: 'application_error',
    severity: 'low',
    priority: 20,
    pattern: `${ACCESS}429\\b`,
  },
  {
    id: 'slow-request',
    type: 'application_error',
    severity: 'medium',
    priority: 30,
    pattern: '\\bslow (?:request|response|endpoint)\\b',
  },

  // ── Survey system (SafeWork's forms) ───────────────────────────────────────────────────
  {
    id: 'survey-failure',
    type: 'survey_system',
    severity: 'high',
    priority: 50,
    pattern:
      '설문[^\\n]{0,60}(?:오류|실패|에러|예외)|(?:오류|실패|에러)[^\\n]{0,30}설문|\\bsurvey\\b[^\\n]{0,60}\\b(?:failed|failure|error|exception)|\\b(?:failed|error|unable) (?:to )?(?:save|submit|store|process|saving|submitting)[^\\n]{0,30}\\b(?:survey|form|response)',
  },

  {
    id: 'survey-notification-failed',
    type: 'survey_system',
    severity: 'low',
    priority: 55,
    pattern:
      '(?:saved|stored|submitted|저장|제출)[^\\n]{0,60}(?:notification|notify|e-?mail|mail|sms|알림|메일)[^\\n]{0,40}(?:failed|failure|error|실패|오류)|(?:notification|notify|e-?mail|mail|알림|메일)[^\\n]{0,40}(?:failed|failure|실패|오류)[^\\n]{0,60}(?:after|후)[^\\n]{0,30}(?:saved|stored|저장)',
    description: 'The survey was saved; only the notification after it failed.',
  },
  {
    id: 'survey-invalid-form',
    type: 'survey_system',
    severity: 'medium',
    priority: 52,
    pattern: '(?:invalid|malformed) (?:form|survey|questionnaire) (?:data|input|submission)|(?:form|survey|questionnaire) (?:data )?validation (?:failed|error)|(?:설문|폼|양식)[^\\n]{0,20}(?:유효하지 않|검증 실패|유효성)',
  },

  // ── Authentication ─────────────────────────────────────────────────────────────────────
  {
    id: 'csrf-failure',
    type: 'authentication',
    severity: 'low',
    priority: 40,
    pattern:
      'CSRF (?:token |session token )?(?:is |has )?(?:missing|invalid|expired|does not match|mismatch|verification failed|validation failed)|CSRFError|The CSRF (?:session )?tokens? (?:is|are|do|has) (?:missing|invalid|not match|expired)|CSRF token missing|CSRF (?:cookie|Failed|check failed)|Origin checking failed|Referr?er checking failed|referrer does not match the host|The referrer header is missing',
  },
  {
    id: 'login-failure',
    type: 'authentication',
    severity: 'low',
    priority: 40,
    pattern:
      '(?:login|log-in|sign-in|signin|authentication) (?:attempt )?(?:failed|failure|unsuccessful|denied)|failed (?:login|log-in|sign-in|authentication)|invalid (?:username|password|credentials|login)|wrong password|incorrect (?:username|password)|로그인[^\\n]{0,20}(?:실패|오류)|비밀번호[^\\n]{0,20}(?:틀|오류|불일치)|' +
      `${ACCESS}40[13]\\b`,
  },
  {
    id: 'login-required',
    type: 'authentication',
    severity: 'low',
    priority: 38,
    pattern:
      '\\bUnauthorized(?: access)?(?: to)?:? /|\\blogin[_ ]required\\b|You must be logged in|(?:authentication|login) required|401 Unauthorized|(?:invalid|expired) session[^\\n]{0,60}log(?:ging |ged )?out|session (?:is |was )?(?:invalid|expired)[^\\n]{0,60}(?:log(?:ging |ged )?out|logout)|forc(?:ed|ing|e) (?:a )?log ?out|로그인이 필요|세션[^\\n]{0,20}(?:만료|무효)',
    description: 'A request turned away for want of a login, or a session ended for being invalid.',
  },
  {
    id: 'login-brute-force',
    type: 'authentication',
    severity: 'medium',
    priority: 45,
    pattern: 'too many (?:failed )?(?:login|sign-in|authentication) attempts|account (?:is )?locked|계정[^\\n]{0,10}잠금',
  },

  // ── Catch-alls ─────────────────────────────────────────────────────────────────────────
  {
    id: 'python-traceback',
    type: 'application_error',
    severity: 'high',
    priority: -50,
    pattern: '^\\s*\\+? ?(?:Exception Group )?Traceback \\(most recent call last\\):',
    flags: 'm',
    description: 'Any unhandled Python exception with a traceback that no specific rule explains.',
  },
  {
    id: 'log-level-critical',
    type: 'application_error',
    severity: 'high',
    priority: -90,
    pattern: '(?:^|[\\s\\[:])(?:CRITICAL|FATAL|PANIC)(?:[\\]:\\s]|$)',
    flags: 'm',
  },
  {
    id: 'log-level-error',
    type: 'application_error',
    severity: 'medium',
    priority: -100,
    pattern: '(?:^|[\\s\\[:])ERROR(?:[\\]:\\s]| in |$)',
    flags: 'm',
    description: 'An ERROR-level line no rule explains: counted, below the default issue threshold.',
  },
];
