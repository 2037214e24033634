// One pass of Vectorscan (the maintained Hyperscan fork) over a chunk of log bytes for a set of
// literals. Reports (end offset, literal id) pairs; ANSI colour sequences are stepped over so
// colour inside a literal never hides it. A large chunk is split at a newline and its halves
// scanned on two threads.
#define _POSIX_C_SOURCE 200809L
#include <hs/hs.h>
#include <node_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// Below this a chunk is scanned on the calling thread alone: starting a thread costs more.
#define SPLIT_BYTES (512 * 1024)

#define CHECK(env, call)                                                    \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error((env), "LSC_ERR_NAPI", "N-API call failed: " #call); \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

// What scanning one part of a chunk needs of its own, so two parts can be scanned at once.
typedef struct {
  hs_scratch_t *scratch;
  unsigned char *strip;    // reusable buffer for a part with colour removed
  size_t strip_cap;
  size_t *deltas;          // (stripped offset, bytes removed before it) pairs
  size_t deltas_cap;
  uint32_t *hits;          // the second part's hits, before they follow the first's in `out`
  size_t hits_cap;
} lane_t;

// Lanes 0 and 1 scan a chunk on the calling thread (two halves at once); lane 2 is the
// background scan's (`scanAsync`), which runs while the caller works, one at a time.
#define LANES 3
#define ASYNC_LANE 2

typedef struct {
  hs_database_t *db;
  unsigned char *free_ids; // 1 when a literal needs no check: later hits on its line are dropped
  unsigned int count;
  lane_t lanes[LANES];
  int busy;                // a background scan is running on ASYNC_LANE
} scanner_t;

typedef struct {
  const scanner_t *s;
  const unsigned char *buf;
  size_t len;
  uint32_t *out;
  size_t out_cap;
  size_t n;
  size_t line_end;  // hits before this offset are on a line that a free literal already passed
  int overflow;
} scan_ctx_t;

static void finalize(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  scanner_t *s = data;
  for (int i = 0; i < LANES; i++) {
    hs_free_scratch(s->lanes[i].scratch);
    free(s->lanes[i].strip);
    free(s->lanes[i].deltas);
    free(s->lanes[i].hits);
  }
  hs_free_database(s->db);
  free(s->free_ids);
  free(s);
}

// The scanner object JS holds: the database, its scratch and which literals are free.
// Takes ownership of db and free_ids (freed here on failure).
static napi_value wrap(napi_env env, hs_database_t *db, unsigned char *free_ids, unsigned int n) {
  scanner_t *s = calloc(1, sizeof(scanner_t));
  napi_value result;
  s->db = db;
  s->free_ids = free_ids;
  s->count = n;
  if (hs_alloc_scratch(db, &s->lanes[0].scratch) != HS_SUCCESS || hs_clone_scratch(s->lanes[0].scratch, &s->lanes[1].scratch) != HS_SUCCESS ||
      hs_clone_scratch(s->lanes[0].scratch, &s->lanes[ASYNC_LANE].scratch) != HS_SUCCESS) {
    for (int i = 0; i < LANES; i++) hs_free_scratch(s->lanes[i].scratch);
    hs_free_database(db);
    free(free_ids);
    free(s);
    napi_throw_error(env, "LSC_ERR_SCRATCH", "hs_alloc_scratch failed");
    return NULL;
  }
  if (napi_create_external(env, s, finalize, NULL, &result) != napi_ok) {
    finalize(env, s, NULL);
    napi_throw_error(env, "LSC_ERR_NAPI", "napi_create_external failed");
    return NULL;
  }
  return result;
}

// Arguments every entry point reads the same way. Each returns false after throwing.

// A Buffer and the `end` after it, clamped to the buffer's length.
static bool get_chunk(napi_env env, napi_value vbuf, napi_value vend, unsigned char **buf, uint32_t *end) {
  size_t buflen;
  if (napi_get_buffer_info(env, vbuf, (void **)buf, &buflen) != napi_ok || napi_get_value_uint32(env, vend, end) != napi_ok) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a Buffer and an end offset");
    return false;
  }
  if (*end > buflen) *end = (uint32_t)buflen;
  return true;
}

// A Uint32Array to write results into.
static bool get_u32_out(napi_env env, napi_value v, uint32_t **data, size_t *cap) {
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, v, &type, cap, (void **)data, NULL, NULL) != napi_ok || type != napi_uint32_array) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "out must be a Uint32Array");
    return false;
  }
  return true;
}

// The `free` flags (one boolean per literal) as bytes; the caller frees them.
static unsigned char *get_flags(napi_env env, napi_value array, uint32_t n) {
  unsigned char *flags = calloc(n == 0 ? 1 : n, 1);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    bool flag = false;
    if (napi_get_element(env, array, i, &v) == napi_ok && napi_get_value_bool(env, v, &flag) == napi_ok) flags[i] = flag ? 1 : 0;
  }
  return flags;
}

// compile(literals: string[], caseless: boolean[], free: boolean[]) -> external
static napi_value compile(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t n;
  CHECK(env, napi_get_array_length(env, argv[0], &n));
  if (n == 0) {
    napi_throw_error(env, "LSC_ERR_EMPTY", "no literals to compile");
    return NULL;
  }
  char **lits = calloc(n, sizeof(char *));
  size_t *lens = calloc(n, sizeof(size_t));
  unsigned int *flags = calloc(n, sizeof(unsigned int));
  unsigned int *ids = calloc(n, sizeof(unsigned int));
  unsigned char *free_ids = get_flags(env, argv[2], n);
  napi_value result = NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v, c;
    bool caseless = false;
    size_t len;
    if (napi_get_element(env, argv[0], i, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) goto fail;
    lits[i] = malloc(len + 1);
    napi_get_value_string_utf8(env, v, lits[i], len + 1, &len);
    lens[i] = len;
    napi_get_element(env, argv[1], i, &c);
    napi_get_value_bool(env, c, &caseless);
    flags[i] = caseless ? HS_FLAG_CASELESS : 0;
    ids[i] = i;
  }
  hs_database_t *db = NULL;
  hs_compile_error_t *err = NULL;
  if (hs_compile_lit_multi((const char *const *)lits, flags, ids, lens, n, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
    napi_throw_error(env, "LSC_ERR_COMPILE", err != NULL ? err->message : "hs_compile_lit_multi failed");
    hs_free_compile_error(err);
    goto fail;
  }
  result = wrap(env, db, free_ids, n);
  free_ids = NULL;
fail:
  for (uint32_t i = 0; i < n; i++) free(lits[i]);
  free(lits);
  free(lens);
  free(flags);
  free(ids);
  free(free_ids);
  return result;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int fl, void *ctx) {
  (void)from; (void)fl;
  scan_ctx_t *c = ctx;
  if (id >= c->s->count) return 0;
  size_t last = (size_t)to - 1; // offset of the literal's last byte
  if (last < c->line_end) return 0;
  if (c->n + 2 > c->out_cap) {
    c->overflow = 1;
    return 1; // stop: the caller retries with room
  }
  c->out[c->n++] = (uint32_t)last;
  c->out[c->n++] = id;
  if (c->s->free_ids[id]) {
    const unsigned char *nl = memchr(c->buf + last, '\n', c->len - last);
    c->line_end = nl == NULL ? c->len : (size_t)(nl - c->buf) + 1;
  }
  return 0;
}

// Index of the byte after the ANSI sequence at p[0] == ESC (ESC [ params final), or 1.
static size_t ansi_length(const unsigned char *p, size_t left) {
  if (left < 2 || p[1] != '[') return 1;
  size_t j = 2;
  while (j < left && !(p[j] >= 0x40 && p[j] <= 0x7e)) j++;
  return j < left ? j + 1 : left;
}

// One part of a chunk, on `lane`: its hits (offsets within the part) into out[0, cap).
// Returns the number of uint32 written, -1 when out is too small, -2 when Vectorscan failed.
static long scan_part(const scanner_t *s, lane_t *lane, const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
  scan_ctx_t ctx = {s, buf, end, out, cap, 0, 0, 0};
  if (end == 0) return 0;
  const unsigned char *esc = memchr(buf, 0x1b, end);
  size_t ndeltas = 0;
  if (esc != NULL) {
    // Colour is not text: scan a copy without it, then map offsets back.
    if (lane->strip_cap < end) {
      free(lane->strip);
      lane->strip = malloc(end);
      lane->strip_cap = end;
    }
    size_t o = 0, i = 0, removed = 0;
    while (i < end) {
      const unsigned char *e = memchr(buf + i, 0x1b, end - i);
      size_t stop = e == NULL ? end : (size_t)(e - buf);
      memcpy(lane->strip + o, buf + i, stop - i);
      o += stop - i;
      i = stop;
      if (e == NULL) break;
      size_t skip = ansi_length(buf + i, end - i);
      i += skip;
      removed += skip;
      if (2 * (ndeltas + 1) > lane->deltas_cap) {
        lane->deltas_cap = lane->deltas_cap == 0 ? 1024 : 2 * lane->deltas_cap;
        lane->deltas = realloc(lane->deltas, lane->deltas_cap * sizeof(size_t));
      }
      lane->deltas[2 * ndeltas] = o;
      lane->deltas[2 * ndeltas + 1] = removed;
      ndeltas++;
    }
    ctx.buf = lane->strip;
    ctx.len = o;
  }
  hs_error_t rc = hs_scan(s->db, (const char *)ctx.buf, (unsigned int)ctx.len, 0, lane->scratch, on_match, &ctx);
  if (ctx.overflow) return -1;
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) return -2;
  if (ndeltas > 0) {
    // Offsets in the stripped copy → offsets in the input: add what was removed before them.
    size_t d = 0, removed = 0;
    for (size_t k = 0; k < ctx.n; k += 2) {
      while (d < ndeltas && lane->deltas[2 * d] <= out[k]) removed = lane->deltas[2 * d++ + 1];
      out[k] += (uint32_t)removed;
    }
  }
  return (long)ctx.n;
}

typedef struct {
  const scanner_t *s;
  lane_t *lane;
  const unsigned char *buf;
  size_t end;
  long n;
} part_job_t;

static void *scan_second(void *arg) {
  part_job_t *job = arg;
  job->n = scan_part(job->s, job->lane, job->buf, job->end, job->lane->hits, job->lane->hits_cap);
  return NULL;
}

// A chunk's hits into out[0, cap): as two halves on two threads when it is large (hits never
// span a newline — literals hold none — so a chunk split after one scans the same), else on
// this thread. Returns what scan_part does.
static long scan_chunk(scanner_t *s, const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
  const unsigned char *nl = end >= SPLIT_BYTES ? memchr(buf + end / 2, '\n', end - end / 2) : NULL;
  lane_t *second = &s->lanes[1];
  if (nl != NULL && second->hits_cap < cap) {
    free(second->hits);
    second->hits = malloc(cap * sizeof(uint32_t));
    second->hits_cap = second->hits == NULL ? 0 : cap;
  }
  size_t mid = nl == NULL ? end : (size_t)(nl - buf) + 1;
  if (mid >= end || second->hits == NULL) return scan_part(s, &s->lanes[0], buf, end, out, cap);
  part_job_t job = {s, second, buf + mid, end - mid, 0};
  pthread_t thread;
  int threaded = pthread_create(&thread, NULL, scan_second, &job) == 0;
  long n1 = scan_part(s, &s->lanes[0], buf, mid, out, cap);
  if (threaded) pthread_join(thread, NULL);
  else scan_second(&job);
  long n2 = job.n;
  if (n1 < 0 || n2 < 0) return n1 == -2 || n2 == -2 ? -2 : -1;
  if ((size_t)(n1 + n2) > cap) return -1;
  for (long k = 0; k < n2; k += 2) second->hits[k] += (uint32_t)mid;
  memcpy(out + n1, second->hits, (size_t)n2 * sizeof(uint32_t));
  return n1 + n2;
}

// argv[0] a Buffer, argv[1] its end, argv[2] a Uint32Array for results; false after throwing.
static bool get_chunk_and_out(napi_env env, napi_value *argv, unsigned char **buf, uint32_t *end, uint32_t **out, size_t *cap) {
  return get_chunk(env, argv[0], argv[1], buf, end) && get_u32_out(env, argv[2], out, cap);
}

// scan(db, buf, end, out: Uint32Array) -> number of uint32 written (pairs), or -1 when out is too small
static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  scanner_t *s;
  CHECK(env, napi_get_value_external(env, argv[0], (void **)&s));
  unsigned char *buf;
  uint32_t end;
  uint32_t *out;
  size_t cap;
  if (!get_chunk_and_out(env, argv + 1, &buf, &end, &out, &cap)) return NULL;
  long n = scan_chunk(s, buf, end, out, cap);
  if (n == -2) {
    napi_throw_error(env, "LSC_ERR_SCAN", "hs_scan failed");
    return NULL;
  }
  napi_value result;
  CHECK(env, n == -1 ? napi_create_int32(env, -1, &result) : napi_create_uint32(env, (uint32_t)n, &result));
  return result;
}

// A background scan: the chunk, the output and the callback are held by reference until it ends.
typedef struct {
  napi_async_work work;
  napi_ref refs[4]; // db, buf, out, callback
  scanner_t *s;
  const unsigned char *buf;
  size_t end;
  uint32_t *out;
  size_t cap;
  long n;
} async_scan_t;

static void async_execute(napi_env env, void *data) {
  (void)env;
  async_scan_t *job = data;
  job->n = scan_part(job->s, &job->s->lanes[ASYNC_LANE], job->buf, job->end, job->out, job->cap);
}

static void async_complete(napi_env env, napi_status status, void *data) {
  async_scan_t *job = data;
  job->s->busy = 0;
  napi_value cb, global, arg;
  if (napi_get_reference_value(env, job->refs[3], &cb) == napi_ok && napi_get_global(env, &global) == napi_ok &&
      napi_create_int32(env, status == napi_ok ? (int32_t)job->n : -2, &arg) == napi_ok) {
    napi_call_function(env, global, cb, 1, &arg, NULL);
  }
  for (int i = 0; i < 4; i++) napi_delete_reference(env, job->refs[i]);
  napi_delete_async_work(env, job->work);
  free(job);
}

// scanAsync(db, buf, end, out: Uint32Array, done: (n) => void): scans buf[0, end) on libuv's
// thread pool, on one lane, while the caller goes on; `done` gets what `scan` returns (-2 when
// Vectorscan failed). The caller must leave buf and out alone until then. One at a time.
static napi_value scan_async(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  scanner_t *s;
  CHECK(env, napi_get_value_external(env, argv[0], (void **)&s));
  unsigned char *buf;
  uint32_t end;
  uint32_t *out;
  size_t cap;
  if (!get_chunk_and_out(env, argv + 1, &buf, &end, &out, &cap)) return NULL;
  napi_valuetype cbtype;
  if (napi_typeof(env, argv[4], &cbtype) != napi_ok || cbtype != napi_function) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "done must be a function");
    return NULL;
  }
  if (s->busy) {
    napi_throw_error(env, "LSC_ERR_BUSY", "a background scan is already running on this database");
    return NULL;
  }
  async_scan_t *job = calloc(1, sizeof(async_scan_t));
  job->s = s;
  job->buf = buf;
  job->end = end;
  job->out = out;
  job->cap = cap;
  napi_value name;
  int ok = napi_create_string_utf8(env, "literalScan", NAPI_AUTO_LENGTH, &name) == napi_ok;
  const int held[4] = {0, 1, 3, 4}; // db, buf, out, done (argv[2] is a number)
  for (int i = 0; i < 4 && ok; i++) ok = napi_create_reference(env, argv[held[i]], 1, &job->refs[i]) == napi_ok;
  if (!ok || napi_create_async_work(env, NULL, name, async_execute, async_complete, job, &job->work) != napi_ok || napi_queue_async_work(env, job->work) != napi_ok) {
    for (int i = 0; i < 4; i++) if (job->refs[i] != NULL) napi_delete_reference(env, job->refs[i]);
    free(job);
    napi_throw_error(env, "LSC_ERR_NAPI", "could not queue the background scan");
    return NULL;
  }
  s->busy = 1;
  return NULL;
}

// lineStarts(buf, end, out: Uint32Array) -> how many lines start in buf[0, end) and end there
// with a newline (their starts written to out), or -(that many) when out is too small.
static napi_value line_starts(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *buf;
  uint32_t end;
  uint32_t *out;
  size_t cap;
  if (!get_chunk_and_out(env, argv, &buf, &end, &out, &cap)) return NULL;
  int64_t n = 0;
  const unsigned char *p = buf, *stop = buf + end;
  const unsigned char *nl;
  while (p < stop && (nl = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
    if ((size_t)n < cap) out[n] = (uint32_t)(p - buf);
    n++;
    p = nl + 1;
  }
  napi_value result;
  CHECK(env, napi_create_int64(env, (size_t)n <= cap ? n : -n, &result));
  return result;
}

// serialize(db) -> Buffer: the compiled database, to be kept and loaded without compiling.
static napi_value serialize(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  scanner_t *s;
  CHECK(env, napi_get_value_external(env, argv[0], (void **)&s));
  char *bytes = NULL;
  size_t length = 0;
  if (hs_serialize_database(s->db, &bytes, &length) != HS_SUCCESS) {
    napi_throw_error(env, "LSC_ERR_SERIALIZE", "hs_serialize_database failed");
    return NULL;
  }
  napi_value result;
  void *data;
  napi_status st = napi_create_buffer_copy(env, length, bytes, &data, &result);
  free(bytes);
  if (st != napi_ok) {
    napi_throw_error(env, "LSC_ERR_NAPI", "napi_create_buffer_copy failed");
    return NULL;
  }
  return result;
}

// deserialize(bytes: Buffer, free: boolean[]) -> external
static napi_value deserialize(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char *bytes;
  size_t length;
  CHECK(env, napi_get_buffer_info(env, argv[0], (void **)&bytes, &length));
  uint32_t n;
  CHECK(env, napi_get_array_length(env, argv[1], &n));
  hs_database_t *db = NULL;
  if (hs_deserialize_database(bytes, length, &db) != HS_SUCCESS) {
    napi_throw_error(env, "LSC_ERR_DESERIALIZE", "hs_deserialize_database failed");
    return NULL;
  }
  return wrap(env, db, get_flags(env, argv[1], n), n);
}

// version() -> the library's version string (part of a cached database's key)
static napi_value version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, hs_version(), NAPI_AUTO_LENGTH, &result));
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"compile", NULL, compile, NULL, NULL, NULL, napi_default_method, NULL},
      {"scan", NULL, scan, NULL, NULL, NULL, napi_default_method, NULL},
      {"scanAsync", NULL, scan_async, NULL, NULL, NULL, napi_default_method, NULL},
      {"lineStarts", NULL, line_starts, NULL, NULL, NULL, napi_default_method, NULL},
      {"serialize", NULL, serialize, NULL, NULL, NULL, napi_default_method, NULL},
      {"deserialize", NULL, deserialize, NULL, NULL, NULL, napi_default_method, NULL},
      {"version", NULL, version, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
