// One pass of Vectorscan (the maintained Hyperscan fork) over a chunk of log bytes for a set of
// literals. Reports (end offset, literal id) pairs, at most one per line for literals that are
// free or confirmed here (confirm.c); ANSI colour sequences are stepped over so colour inside a
// literal never hides it. A large chunk is split at a newline and its halves
// scanned on two threads.
#include "literal_scan.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const scanner_t *s;
  const unsigned char *buf;
  size_t len;
  uint32_t *out;
  size_t out_cap;
  size_t n;
  size_t line_end;  // hits before this offset are on a line already let through
  int overflow;
  size_t line_start, line_stop; // the line last confirmed on, [start, stop) with its newline
} scan_ctx_t;

// Reports a hit; a line let through (`through`) ends the scan of that line.
static int report(scan_ctx_t *c, uint32_t at, unsigned int id, size_t through) {
  if (c->n + 2 > c->out_cap) {
    c->overflow = 1;
    return 1; // stop: the caller retries with room
  }
  c->out[c->n++] = at;
  c->out[c->n++] = id;
  if (through > 0) c->line_end = through;
  return 0;
}

static size_t end_of_line(const scan_ctx_t *c, size_t at) {
  const unsigned char *nl = memchr(c->buf + at, '\n', c->len - at);
  return nl == NULL ? c->len : (size_t)(nl - c->buf) + 1;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int fl, void *ctx) {
  (void)from; (void)fl;
  scan_ctx_t *c = ctx;
  const scanner_t *s = c->s;
  size_t last = (size_t)to - 1; // offset of the literal's last byte
  if (last < c->line_end) return 0;
  if (id >= s->count) return 0;
  int kind = s->kinds[id];
  if (kind == KIND_FREE) return report(c, (uint32_t)last, id, end_of_line(c, last));
  if (kind == KIND_REPORT || !s->confirm.on) return report(c, (uint32_t)last, id, 0);
  // KIND_CONFIRM: its line, found once for all the hits on it, must hold one of its clauses.
  if (last >= c->line_stop) {
    size_t start = last;
    while (start > 0 && c->buf[start - 1] != '\n') start--;
    c->line_start = start;
    c->line_stop = end_of_line(c, last);
  }
  size_t len = c->line_stop - c->line_start;
  if (len > 0 && c->buf[c->line_stop - 1] == '\n') len--;
  if (!confirm_line(&s->confirm, id, c->buf + c->line_start, len)) return 0;
  return report(c, (uint32_t)last, id, c->line_stop);
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
long scan_part(const scanner_t *s, lane_t *lane, const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
  scan_ctx_t ctx = {.s = s, .buf = buf, .len = end, .out = out, .out_cap = cap};
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
long scan_chunk(scanner_t *s, const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
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
