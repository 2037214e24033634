// Confirming a literal that needs more of its line (`survey` with one of `failed|error|…`): at
// a hit, its line is searched here for a string of one of the literal's clauses. Each such hit
// went back to JavaScript to be decoded and searched (a seventh of the time on long lines);
// scanning for the clauses' strings in the same Vectorscan pass instead cost more than it
// saved, short strings like `db` matching everywhere.
#include "literal_scan.h"
#include <stdlib.h>
#include <string.h>

void confirm_free(confirm_t *c) {
  for (uint32_t i = 0; i < c->nstrs; i++) free(c->strs[i]);
  free(c->strs);
  free(c->lens);
  free(c->need_start);
  free(c->need_sets);
  free(c->set_start);
  free(c->caseless);
  memset(c, 0, sizeof(*c));
}

static bool get_array(napi_env env, napi_value object, const char *name, napi_value *out, uint32_t *length) {
  bool is_array = false;
  return napi_get_named_property(env, object, name, out) == napi_ok && napi_is_array(env, *out, &is_array) == napi_ok && is_array &&
         napi_get_array_length(env, *out, length) == napi_ok;
}

// Reads `confirm` ({ needs: number[][], sets: { strings: string[], caseless: boolean }[] }) for
// `count` literals into `c`: a literal's needs name sets by index. False after throwing.
bool confirm_read(napi_env env, napi_value confirm, uint32_t count, confirm_t *c) {
  napi_value needs, sets;
  uint32_t n;
  memset(c, 0, sizeof(*c));
  if (!get_array(env, confirm, "needs", &needs, &n) || n != count || !get_array(env, confirm, "sets", &sets, &c->nsets)) goto bad;
  c->count = count;
  c->need_start = calloc(count + 1, sizeof(uint32_t));
  c->set_start = calloc(c->nsets + 1, sizeof(uint32_t));
  c->caseless = calloc(c->nsets + 1, 1);
  for (uint32_t i = 0; i < count; i++) {
    napi_value list, v;
    uint32_t m, set;
    if (napi_get_element(env, needs, i, &list) != napi_ok || napi_get_array_length(env, list, &m) != napi_ok) goto bad;
    c->need_sets = realloc(c->need_sets, (c->need_start[i] + m + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < m; k++) {
      if (napi_get_element(env, list, k, &v) != napi_ok || napi_get_value_uint32(env, v, &set) != napi_ok || set >= c->nsets) goto bad;
      c->need_sets[c->need_start[i] + k] = set;
    }
    c->need_start[i + 1] = c->need_start[i] + m;
  }
  for (uint32_t j = 0; j < c->nsets; j++) {
    napi_value set, strings, v;
    bool caseless = false;
    uint32_t m, total = c->set_start[j];
    if (napi_get_element(env, sets, j, &set) != napi_ok || !get_array(env, set, "strings", &strings, &m)) goto bad;
    if (napi_get_named_property(env, set, "caseless", &v) != napi_ok || napi_get_value_bool(env, v, &caseless) != napi_ok) goto bad;
    c->caseless[j] = caseless;
    c->strs = realloc(c->strs, (total + m + 1) * sizeof(char *));
    c->lens = realloc(c->lens, (total + m + 1) * sizeof(size_t));
    for (uint32_t k = 0; k < m; k++) {
      size_t len;
      if (napi_get_element(env, strings, k, &v) != napi_ok || napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok || len == 0) goto bad;
      c->strs[c->nstrs] = malloc(len + 1);
      napi_get_value_string_utf8(env, v, c->strs[c->nstrs], len + 1, &len);
      c->lens[c->nstrs++] = len;
    }
    c->set_start[j + 1] = total + m;
  }
  c->on = 1;
  return true;
bad:
  confirm_free(c);
  napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "confirm must be { needs: number[][] (one list per literal), sets: { strings: string[], caseless: boolean }[] }");
  return false;
}

static inline unsigned char lower(unsigned char b) { return b >= 'A' && b <= 'Z' ? b + 32 : b; }

static bool same(const unsigned char *at, const unsigned char *s, size_t n, bool caseless) {
  if (!caseless) return memcmp(at, s, n) == 0;
  for (size_t k = 0; k < n; k++) if (lower(at[k]) != s[k]) return false;
  return true;
}

// The next place at or after p (before end) where byte `a` or `b` stands, or NULL: memchr for
// each, which steps through a line many bytes at a time.
static const unsigned char *next_of(const unsigned char *p, const unsigned char *end, unsigned char a, unsigned char b) {
  const unsigned char *x = memchr(p, a, (size_t)(end - p));
  if (a == b) return x;
  const unsigned char *y = memchr(p, b, (size_t)((x == NULL ? end : x) - p));
  return y != NULL ? y : x;
}

// True when `s` (lower case when `caseless`) occurs in line[0, len). Candidates are found by
// the string's first byte that has one case (not a letter) if it has one, else by its first
// letter in either case.
static bool contains(const unsigned char *line, size_t len, const char *str, size_t n, bool caseless) {
  const unsigned char *s = (const unsigned char *)str;
  if (n > len) return false;
  size_t k = 0;
  if (caseless) while (k < n && s[k] >= 'a' && s[k] <= 'z') k++;
  if (k == n) k = 0;
  unsigned char a = s[k], b = caseless && a >= 'a' && a <= 'z' ? a - 32 : a;
  const unsigned char *end = line + len - (n - 1 - k);
  for (const unsigned char *p = line + k; p < end; p++) {
    p = next_of(p, end, a, b);
    if (p == NULL) return false;
    if (same(p - k, s, n, caseless)) return true;
  }
  return false;
}

// True when line[0, len) holds a string of one of the sets literal `id` needs.
bool confirm_line(const confirm_t *c, unsigned int id, const unsigned char *line, size_t len) {
  for (uint32_t k = c->need_start[id]; k < c->need_start[id + 1]; k++) {
    uint32_t set = c->need_sets[k];
    for (uint32_t i = c->set_start[set]; i < c->set_start[set + 1]; i++) if (contains(line, len, c->strs[i], c->lens[i], c->caseless[set])) return true;
  }
  return false;
}
