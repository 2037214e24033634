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
  confirm_free(&s->confirm);
  free(s->kinds);
  free(s);
}

// The scanner object JS holds: the database, its scratch, the literals' kinds and the tables
// that confirm. Takes ownership of db, kinds and the tables (freed here on failure).
static napi_value wrap(napi_env env, hs_database_t *db, unsigned char *kinds, unsigned int n, confirm_t *confirm) {
  scanner_t *s = calloc(1, sizeof(scanner_t));
  napi_value result;
  s->db = db;
  s->kinds = kinds;
  s->count = n;
  s->confirm = *confirm;
  bool ok = hs_alloc_scratch(db, &s->lanes[0].scratch) == HS_SUCCESS;
  for (int i = 1; i < LANES && ok; i++) ok = hs_clone_scratch(s->lanes[0].scratch, &s->lanes[i].scratch) == HS_SUCCESS;
  if (!ok) {
    finalize(env, s, NULL);
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

// The literals' kinds (one number per literal, KIND_*) as bytes, or NULL after throwing.
static unsigned char *get_kinds(napi_env env, napi_value array, uint32_t n) {
  unsigned char *kinds = calloc(n == 0 ? 1 : n, 1);
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    uint32_t kind;
    if (napi_get_element(env, array, i, &v) != napi_ok || napi_get_value_uint32(env, v, &kind) != napi_ok || kind > KIND_REPORT) {
      free(kinds);
      napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "kinds must be one of 0 (confirm), 1 (free), 2 (report) per literal");
      return NULL;
    }
    kinds[i] = (unsigned char)kind;
  }
  return kinds;
}

// Patterns being gathered for hs_compile_lit_multi.
typedef struct {
  char **lits;
  size_t *lens;
  unsigned int *flags;
  unsigned int *ids;
  uint32_t n, cap;
} patterns_t;

static bool patterns_push(napi_env env, patterns_t *p, napi_value text, unsigned int flags) {
  size_t len;
  if (napi_get_value_string_utf8(env, text, NULL, 0, &len) != napi_ok) return false;
  if (p->n == p->cap) {
    p->cap = p->cap == 0 ? 256 : 2 * p->cap;
    p->lits = realloc(p->lits, p->cap * sizeof(char *));
    p->lens = realloc(p->lens, p->cap * sizeof(size_t));
    p->flags = realloc(p->flags, p->cap * sizeof(unsigned int));
    p->ids = realloc(p->ids, p->cap * sizeof(unsigned int));
  }
  char *lit = malloc(len + 1);
  napi_get_value_string_utf8(env, text, lit, len + 1, &len);
  p->lits[p->n] = lit;
  p->lens[p->n] = len;
  p->flags[p->n] = flags;
  p->ids[p->n] = p->n;
  p->n++;
  return true;
}

static void patterns_free(patterns_t *p) {
  for (uint32_t i = 0; i < p->n; i++) free(p->lits[i]);
  free(p->lits);
  free(p->lens);
  free(p->flags);
  free(p->ids);
}

// The optional `confirm` argument into c (off when absent); false after throwing.
static bool get_confirm(napi_env env, size_t argc, napi_value *argv, size_t at, uint32_t n, confirm_t *c) {
  napi_valuetype type = napi_undefined;
  memset(c, 0, sizeof(*c));
  if (argc > at && napi_typeof(env, argv[at], &type) != napi_ok) return false;
  return type == napi_undefined || confirm_read(env, argv[at], n, c);
}

// compile(literals: string[], caseless: boolean[], kinds: number[], confirm?) -> external
napi_value ls_compile(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t n;
  CHECK(env, napi_get_array_length(env, argv[0], &n));
  if (n == 0) {
    napi_throw_error(env, "LSC_ERR_EMPTY", "no literals to compile");
    return NULL;
  }
  patterns_t p = {0};
  confirm_t confirm = {0};
  unsigned char *kinds = get_kinds(env, argv[2], n);
  napi_value result = NULL;
  if (kinds == NULL) return NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v, c;
    bool caseless = false;
    if (napi_get_element(env, argv[0], i, &v) != napi_ok || napi_get_element(env, argv[1], i, &c) != napi_ok || napi_get_value_bool(env, c, &caseless) != napi_ok ||
        !patterns_push(env, &p, v, caseless ? HS_FLAG_CASELESS : 0)) {
      napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a string and a caseless flag per literal");
      goto fail;
    }
  }
  if (!get_confirm(env, argc, argv, 3, n, &confirm)) goto fail;
  hs_database_t *db = NULL;
  hs_compile_error_t *err = NULL;
  if (hs_compile_lit_multi((const char *const *)p.lits, p.flags, p.ids, p.lens, p.n, HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
    napi_throw_error(env, "LSC_ERR_COMPILE", err != NULL ? err->message : "hs_compile_lit_multi failed");
    hs_free_compile_error(err);
    goto fail;
  }
  result = wrap(env, db, kinds, n, &confirm);
  kinds = NULL;
  memset(&confirm, 0, sizeof(confirm));
fail:
  patterns_free(&p);
  confirm_free(&confirm);
  free(kinds);
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

// deserialize(bytes: Buffer, kinds: number[], confirm?) -> external (the kinds and confirm
// tables it was compiled with)
napi_value ls_deserialize(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char *bytes;
  size_t length;
  CHECK(env, napi_get_buffer_info(env, argv[0], (void **)&bytes, &length));
  uint32_t n;
  CHECK(env, napi_get_array_length(env, argv[1], &n));
  unsigned char *kinds = get_kinds(env, argv[1], n);
  if (kinds == NULL) return NULL;
  confirm_t confirm;
  bool ok = get_confirm(env, argc, argv, 2, n, &confirm);
  hs_database_t *db = NULL;
  if (ok && hs_deserialize_database(bytes, length, &db) != HS_SUCCESS) {
    napi_throw_error(env, "LSC_ERR_DESERIALIZE", "hs_deserialize_database failed");
    ok = false;
  }
  if (!ok) {
    confirm_free(&confirm);
    free(kinds);
    return NULL;
  }
  return wrap(env, db, kinds, n, &confirm);
}

// version() -> the library's version string (part of a cached database's key)
napi_value ls_version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, hs_version(), NAPI_AUTO_LENGTH, &result));
  return result;
}
