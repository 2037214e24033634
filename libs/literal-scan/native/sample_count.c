// Counting many literals in one sample of the input, for the gate's choice of literals: how
// many lines each would let through. Positions are filed once by their first three bytes, and
// a literal is checked only where its rarest three stand, as the JavaScript SampleCounter does
// over UTF-16 (it took 8 ms of `classify`'s start, this a millisecond).
#define _GNU_SOURCE // memmem
#include "literal_scan.h"
#include <stdlib.h>
#include <string.h>

#define KEY 3
#define BUCKETS (1 << 16)

static inline uint32_t key_at(const unsigned char *p) {
  return ((((uint32_t)p[0] * 31u + p[1]) * 31u + p[2])) & (BUCKETS - 1);
}

typedef struct {
  const unsigned char *text;
  size_t len;
  int32_t *first;  // per bucket: its first position, or -1
  int32_t *next;   // per position: the next one in its bucket, or -1
  int32_t *sizes;  // per bucket: how many positions
  uint32_t *pairs; // per two bytes (first << 8 | second): how many positions hold them
} sample_index_t;

static bool index_build(sample_index_t *x, const unsigned char *text, size_t len) {
  x->text = text;
  x->len = len;
  size_t n = len >= KEY ? len - KEY + 1 : 0;
  x->first = malloc(BUCKETS * sizeof(int32_t));
  x->sizes = calloc(BUCKETS, sizeof(int32_t));
  x->next = malloc((n == 0 ? 1 : n) * sizeof(int32_t));
  x->pairs = calloc(1 << 16, sizeof(uint32_t));
  if (x->first == NULL || x->sizes == NULL || x->next == NULL || x->pairs == NULL) return false;
  // A one- or two-byte literal ("/", "db") is counted from these: searching for it met it on
  // every line (2 ms of the count).
  for (size_t at = 0; at + 1 < len; at++) x->pairs[(uint32_t)text[at] << 8 | text[at + 1]]++;
  memset(x->first, 0xff, BUCKETS * sizeof(int32_t));
  // From the end, each position put before its bucket's others: they stay in text order.
  for (size_t at = n; at-- > 0;) {
    uint32_t b = key_at(text + at);
    x->next[at] = x->first[b];
    x->first[b] = (int32_t)at;
    x->sizes[b]++;
  }
  return true;
}

static void index_free(sample_index_t *x) {
  free(x->first);
  free(x->next);
  free(x->sizes);
  free(x->pairs);
}

// Occurrences of lit that do not overlap (as a left-to-right search counts them), at most cap.
static uint32_t count_literal(const sample_index_t *x, const unsigned char *lit, size_t len, uint32_t cap) {
  uint32_t n = 0;
  if (len == 0 || len > x->len) return 0;
  if (len == 2 && lit[0] != lit[1]) {
    // Two different bytes cannot overlap themselves: every position holding them counts.
    uint32_t c = x->pairs[(uint32_t)lit[0] << 8 | lit[1]];
    return c < cap ? c : cap;
  }
  if (len == 1) {
    // Every byte but the last starts a pair; the last is counted on its own.
    uint64_t c = x->len > 0 && x->text[x->len - 1] == lit[0];
    for (uint32_t b = 0; b < 256; b++) c += x->pairs[(uint32_t)lit[0] << 8 | b];
    return c < cap ? (uint32_t)c : cap;
  }
  if (len < KEY) {
    for (size_t at = 0; at + len <= x->len && n < cap;) {
      const unsigned char *hit = memmem(x->text + at, x->len - at, lit, len);
      if (hit == NULL) break;
      n++;
      at = (size_t)(hit - x->text) + len;
    }
    return n;
  }
  size_t from = 0;
  uint32_t key = key_at(lit);
  for (size_t p = 1; p + KEY <= len; p++) {
    uint32_t k = key_at(lit + p);
    if (x->sizes[k] < x->sizes[key]) {
      key = k;
      from = p;
    }
  }
  size_t after = 0;
  for (int32_t at = x->first[key]; at != -1 && n < cap; at = x->next[at]) {
    if ((size_t)at < from) continue;
    size_t start = (size_t)at - from;
    if (start >= after && start + len <= x->len && memcmp(x->text + start, lit, len) == 0) {
      n++;
      after = start + len;
    }
  }
  return n;
}

// countLiterals(text: Buffer, literals: string[], cap, out: Uint32Array): out[i] = occurrences
// of literals[i] (UTF-8) in text that do not overlap, at most cap.
napi_value ls_count_literals(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *text;
  size_t len;
  uint32_t count, cap;
  bool is_array = false;
  napi_typedarray_type type;
  uint32_t *out;
  size_t out_len;
  if (argc < 4 || napi_get_buffer_info(env, argv[0], (void **)&text, &len) != napi_ok || napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[1], &count) != napi_ok || napi_get_value_uint32(env, argv[2], &cap) != napi_ok ||
      napi_get_typedarray_info(env, argv[3], &type, &out_len, (void **)&out, NULL, NULL) != napi_ok || type != napi_uint32_array || out_len < count) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a Buffer, an array of strings, a cap and a Uint32Array as long");
    return NULL;
  }
  sample_index_t x;
  if (!index_build(&x, text, len)) {
    index_free(&x);
    napi_throw_error(env, "LSC_ERR_MEMORY", "out of memory counting literals");
    return NULL;
  }
  char stack[256];
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    size_t lit_len;
    if (napi_get_element(env, argv[1], i, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &lit_len) != napi_ok) {
      index_free(&x);
      napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "literals must be strings");
      return NULL;
    }
    char *lit = lit_len < sizeof(stack) ? stack : malloc(lit_len + 1);
    if (lit == NULL) {
      index_free(&x);
      napi_throw_error(env, "LSC_ERR_MEMORY", "out of memory counting literals");
      return NULL;
    }
    napi_get_value_string_utf8(env, v, lit, lit_len + 1, &lit_len);
    out[i] = count_literal(&x, (const unsigned char *)lit, lit_len, cap);
    if (lit != stack) free(lit);
  }
  index_free(&x);
  return NULL;
}
