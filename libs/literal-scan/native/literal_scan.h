// Shared by the addon's files: a compiled literal set, its scanning lanes, and what each file
// offers the others.
#ifndef LITERAL_SCAN_H
#define LITERAL_SCAN_H
#define _POSIX_C_SOURCE 200809L
#include <hs/hs.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>

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

// Lanes 0 and 1 scan a chunk on the calling thread (two halves at once); lanes from 2 are the
// background scans' (`scanAsync`), which run while the caller works, one per lane.
#define ASYNC_LANES 2
#define ASYNC_LANE 2
#define LANES (ASYNC_LANE + ASYNC_LANES)

// How the scan treats a literal's hits (`kinds` in compile): the kinds JS passes.
#define KIND_CONFIRM 0 // needs a string of one of its clauses on its line: confirmed here
#define KIND_FREE 1    // needs nothing more: its line is let through, later hits on it dropped
#define KIND_REPORT 2  // every hit reported, for the caller to confirm

// Which clause sets each literal needs (a line holding a string of one of them confirms it),
// and the sets' strings: lists in one array each, with where each entry's part starts.
typedef struct {
  unsigned int on;          // 0: no tables; KIND_CONFIRM hits are reported as KIND_REPORT's
  unsigned int count;       // literals
  uint32_t *need_start;     // count + 1 offsets into need_sets
  uint32_t *need_sets;
  uint32_t nsets;
  uint32_t *set_start;      // nsets + 1 offsets into strs
  unsigned char *caseless;  // per set: its strings (lower case) match in any ASCII case
  char **strs;
  size_t *lens;
  uint32_t nstrs;
} confirm_t;

typedef struct {
  hs_database_t *db;
  unsigned char *kinds;    // per literal: KIND_CONFIRM, KIND_FREE or KIND_REPORT
  unsigned int count;      // literals (their ids in the database)
  confirm_t confirm;
  lane_t lanes[LANES];
  int busy[ASYNC_LANES];   // a background scan is running on lane ASYNC_LANE + i
} scanner_t;

// scanner.c: one part of a chunk on one lane; a whole chunk, split over lanes 0 and 1 when large.
long scan_part(const scanner_t *s, lane_t *lane, const unsigned char *buf, size_t end, uint32_t *out, size_t cap);
long scan_chunk(scanner_t *s, const unsigned char *buf, size_t end, uint32_t *out, size_t cap);
// line_starts.c: the start of each line of buf[0, end) that ends with a newline, the first
// `cap` into out; returns how many there are.
size_t find_line_starts(const unsigned char *buf, size_t end, uint32_t *out, size_t cap);

// confirm.c: the tables, read from JS, and the check the scan makes with them on a line.
bool confirm_read(napi_env env, napi_value confirm, uint32_t count, confirm_t *c);
void confirm_free(confirm_t *c);
bool confirm_line(const confirm_t *c, unsigned int id, const unsigned char *line, size_t len);

// database.c: the entry points that make, keep and load a compiled set.
napi_value ls_compile(napi_env env, napi_callback_info info);
napi_value ls_serialize(napi_env env, napi_callback_info info);
napi_value ls_deserialize(napi_env env, napi_callback_info info);
napi_value ls_version(napi_env env, napi_callback_info info);

// sample_count.c: occurrences of many literals in the gate's sample.
napi_value ls_count_literals(napi_env env, napi_callback_info info);

// file_windows.c: regions a file's windows are mapped into, and the descriptor's offset.
napi_value ls_file_region(napi_env env, napi_callback_info info);
napi_value ls_map_window(napi_env env, napi_callback_info info);
napi_value ls_windows_cut(napi_env env, napi_callback_info info);
napi_value ls_file_position(napi_env env, napi_callback_info info);

#endif
