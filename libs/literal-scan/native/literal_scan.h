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

// scanner.c: one part of a chunk on one lane; a whole chunk, split over lanes 0 and 1 when large.
long scan_part(const scanner_t *s, lane_t *lane, const unsigned char *buf, size_t end, uint32_t *out, size_t cap);
long scan_chunk(scanner_t *s, const unsigned char *buf, size_t end, uint32_t *out, size_t cap);

// database.c: the entry points that make, keep and load a compiled set.
napi_value ls_compile(napi_env env, napi_callback_info info);
napi_value ls_serialize(napi_env env, napi_callback_info info);
napi_value ls_deserialize(napi_env env, napi_callback_info info);
napi_value ls_version(napi_env env, napi_callback_info info);

#endif
