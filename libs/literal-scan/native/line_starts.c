// Line starts of a chunk: where each line that ends with a newline begins. Every chunk's lines
// are found this way, on the thread that classifies, so it is done 64 bytes at a time where
// the CPU has AVX2 (5.5 ms per 86 MB against memchr's 11 ms, one call per 86-byte line).
#include "literal_scan.h"
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2_PATH 1

__attribute__((target("avx2,bmi"))) static size_t starts_avx2(const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
  const __m256i nl = _mm256_set1_epi8('\n');
  size_t n = 0, start = 0, i = 0;
  for (; i + 64 <= end; i += 64) {
    uint64_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(buf + i)), nl));
    uint64_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(buf + i + 32)), nl));
    for (uint64_t m = lo | hi << 32; m != 0; m &= m - 1) {
      if (n < cap) out[n] = (uint32_t)start;
      n++;
      start = i + (size_t)__builtin_ctzll(m) + 1;
    }
  }
  for (; i < end; i++) {
    if (buf[i] != '\n') continue;
    if (n < cap) out[n] = (uint32_t)start;
    n++;
    start = i + 1;
  }
  return n;
}
#endif

static size_t starts_memchr(const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
  size_t n = 0;
  const unsigned char *p = buf, *stop = buf + end, *nl;
  while (p < stop && (nl = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
    if (n < cap) out[n] = (uint32_t)(p - buf);
    n++;
    p = nl + 1;
  }
  return n;
}

size_t find_line_starts(const unsigned char *buf, size_t end, uint32_t *out, size_t cap) {
#ifdef HAVE_AVX2_PATH
  static int avx2 = -1;
  if (avx2 < 0) {
    __builtin_cpu_init();
    avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
  }
  if (avx2) return starts_avx2(buf, end, out, cap);
#endif
  return starts_memchr(buf, end, out, cap);
}
