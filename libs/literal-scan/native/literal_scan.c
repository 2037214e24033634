// The addon's entry points for scanning (database.c has those that compile): a chunk scanned
// now, a chunk scanned in the background, and the line starts of a chunk.
#include "literal_scan.h"
#include <stdlib.h>
#include <string.h>

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

// argv[0] a Buffer, argv[1] its end, argv[2] a Uint32Array for results; false after throwing.
static bool get_chunk_and_out(napi_env env, napi_value *argv, unsigned char **buf, uint32_t *end, uint32_t **out, size_t *cap) {
  return get_chunk(env, argv[0], argv[1], buf, end) && get_u32_out(env, argv[2], out, cap);
}

// What `scan` and `scanAsync` both take first: a database, a chunk and its end, an output.
typedef struct {
  scanner_t *s;
  unsigned char *buf;
  uint32_t end;
  uint32_t *out;
  size_t cap;
} scan_args_t;

// The call's `argc` arguments into argv: the database, then what get_chunk_and_out reads;
// false after throwing.
static bool get_scan_args(napi_env env, napi_callback_info info, size_t argc, napi_value *argv, scan_args_t *a) {
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "LSC_ERR_NAPI", "N-API call failed: napi_get_cb_info");
    return false;
  }
  if (napi_get_value_external(env, argv[0], (void **)&a->s) != napi_ok) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a compiled database");
    return false;
  }
  return get_chunk_and_out(env, argv + 1, &a->buf, &a->end, &a->out, &a->cap);
}

// scan(db, buf, end, out: Uint32Array) -> number of uint32 written (pairs), or -1 when out is too small
static napi_value scan(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  scan_args_t a;
  if (!get_scan_args(env, info, 4, argv, &a)) return NULL;
  long n = scan_chunk(a.s, a.buf, a.end, a.out, a.cap);
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
  scan_args_t args;
  int lane;  // of the async lanes
  long n;
} async_scan_t;

static void async_execute(napi_env env, void *data) {
  (void)env;
  async_scan_t *job = data;
  scan_args_t *a = &job->args;
  job->n = scan_part(a->s, &a->s->lanes[ASYNC_LANE + job->lane], a->buf, a->end, a->out, a->cap);
}

static void async_complete(napi_env env, napi_status status, void *data) {
  async_scan_t *job = data;
  job->args.s->busy[job->lane] = 0;
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
// thread pool, on a free async lane, while the caller goes on; `done` gets what `scan` returns
// (-2 when Vectorscan failed). The caller must leave buf and out alone until then. At most
// ASYNC_LANES at a time.
static napi_value scan_async(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  scan_args_t a;
  if (!get_scan_args(env, info, 5, argv, &a)) return NULL;
  napi_valuetype cbtype;
  if (napi_typeof(env, argv[4], &cbtype) != napi_ok || cbtype != napi_function) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "done must be a function");
    return NULL;
  }
  int lane = 0;
  while (lane < ASYNC_LANES && a.s->busy[lane]) lane++;
  if (lane == ASYNC_LANES) {
    napi_throw_error(env, "LSC_ERR_BUSY", "as many background scans as the database has lanes are running");
    return NULL;
  }
  async_scan_t *job = calloc(1, sizeof(async_scan_t));
  job->args = a;
  job->lane = lane;
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
  a.s->busy[lane] = 1;
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
  int64_t n = (int64_t)find_line_starts(buf, end, out, cap);
  napi_value result;
  CHECK(env, napi_create_int64(env, (size_t)n <= cap ? n : -n, &result));
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"compile", NULL, ls_compile, NULL, NULL, NULL, napi_default_method, NULL},
      {"scan", NULL, scan, NULL, NULL, NULL, napi_default_method, NULL},
      {"scanAsync", NULL, scan_async, NULL, NULL, NULL, napi_default_method, NULL},
      {"lineStarts", NULL, line_starts, NULL, NULL, NULL, napi_default_method, NULL},
      {"serialize", NULL, ls_serialize, NULL, NULL, NULL, napi_default_method, NULL},
      {"deserialize", NULL, ls_deserialize, NULL, NULL, NULL, napi_default_method, NULL},
      {"version", NULL, ls_version, NULL, NULL, NULL, napi_default_method, NULL},
      {"countLiterals", NULL, ls_count_literals, NULL, NULL, NULL, napi_default_method, NULL},
      {"fileRegion", NULL, ls_file_region, NULL, NULL, NULL, napi_default_method, NULL},
      {"mapWindow", NULL, ls_map_window, NULL, NULL, NULL, napi_default_method, NULL},
      {"windowsCut", NULL, ls_windows_cut, NULL, NULL, NULL, napi_default_method, NULL},
      {"filePosition", NULL, ls_file_position, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
