// Compiling a set of literals, and keeping a compiled set to load it again without compiling.
#include "literal_scan.h"
#include <stdlib.h>
#include <string.h>

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
napi_value ls_compile(napi_env env, napi_callback_info info) {
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


// serialize(db) -> Buffer: the compiled database, to be kept and loaded without compiling.
napi_value ls_serialize(napi_env env, napi_callback_info info) {
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
napi_value ls_deserialize(napi_env env, napi_callback_info info) {
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
napi_value ls_version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, hs_version(), NAPI_AUTO_LENGTH, &result));
  return result;
}
