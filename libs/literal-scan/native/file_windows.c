// A regular file read by mapping it, a window at a time, instead of copying it with read(2):
// the copy took 19 ms of kernel time per 86 MB, on the core the background scans need, and
// `classify`'s main thread waited 15-25 ms a run for it. Each
// window is mapped into one of a few regions the caller reuses in turn, after bytes of memory of
// the region's own (where the scanner puts the lines it carries over), so the memory in use is
// that of the regions whatever the file's size.
//
// A file cut shorter while a window of it is mapped (a log rotated by copy and truncate) would
// kill the process with SIGBUS at the next touch past its new end. In a region, that signal maps
// zeros over the rest of the region instead and notes the cut (`windowsCut`): the reader sees
// NULs where the file ended, and is told.
#define _GNU_SOURCE
#include "literal_scan.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_REGIONS 16

typedef struct {
  unsigned char *base;
  size_t size;
} region_t;

// Written by the main thread only while no window is mapped into the region; read by the handler.
static region_t regions[MAX_REGIONS];
static volatile sig_atomic_t nregions = 0;
static volatile sig_atomic_t cut = 0;
static struct sigaction previous;
static int handler_on = 0;
// Read by the handler, where sysconf is not safe to call; set with the first region.
static long page_size = 4096;

static void on_sigbus(int sig, siginfo_t *info, void *context) {
  unsigned char *at = info->si_addr;
  size_t page = (size_t)page_size;
  for (int i = 0; i < nregions; i++) {
    region_t r = regions[i];
    if (at < r.base || at >= r.base + r.size) continue;
    unsigned char *from = r.base + ((size_t)(at - r.base) / page) * page;
    // mmap is a plain system call on Linux, safe here in practice (as language runtimes do).
    if (mmap(from, (size_t)(r.base + r.size - from), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) break;
    cut = 1;
    return;
  }
  // Not a window's, or no zeros to be had: what would have happened without this handler.
  sigaction(SIGBUS, &previous, NULL);
  (void)context;
  raise(sig);
}

static void region_free(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  for (int i = 0; i < nregions; i++) {
    if (regions[i].base != data) continue;
    size_t size = regions[i].size;
    regions[i] = regions[nregions - 1];
    nregions--;
    munmap(data, size);
    return;
  }
}

// fileRegion(size): a Buffer of `size` bytes (whole pages) windows can be mapped into; its
// memory is its own until then.
napi_value ls_file_region(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t size = 0;
  long page = sysconf(_SC_PAGESIZE);
  if (argc < 1 || napi_get_value_int64(env, argv[0], &size) != napi_ok || size <= 0 || size % page != 0) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a size in whole pages");
    return NULL;
  }
  if (nregions == MAX_REGIONS) {
    napi_throw_error(env, "LSC_ERR_REGIONS", "too many file regions at once");
    return NULL;
  }
  void *base = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    napi_throw_error(env, "LSC_ERR_MEMORY", strerror(errno));
    return NULL;
  }
  if (!handler_on) {
    page_size = page;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &previous) == 0) handler_on = 1;
  }
  regions[nregions].base = base;
  regions[nregions].size = (size_t)size;
  nregions++;
  napi_value out;
  if (napi_create_external_buffer(env, (size_t)size, base, region_free, NULL, &out) != napi_ok) {
    region_free(env, base, NULL);
    napi_throw_error(env, "LSC_ERR_NAPI", "could not make the region's buffer");
    return NULL;
  }
  return out;
}

// mapWindow(region, at, fd, offset, length): maps the file's bytes [offset, offset + length) at
// byte `at` of a region (`at` and `offset` in whole pages), over whatever was there. Returns 0,
// or the errno of a failure (the range is memory of its own again then).
napi_value ls_map_window(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *base;
  size_t size;
  int64_t at = 0, offset = 0, length = 0;
  int32_t fd = -1;
  long page = sysconf(_SC_PAGESIZE);
  if (argc < 5 || napi_get_buffer_info(env, argv[0], (void **)&base, &size) != napi_ok || napi_get_value_int64(env, argv[1], &at) != napi_ok ||
      napi_get_value_int32(env, argv[2], &fd) != napi_ok || napi_get_value_int64(env, argv[3], &offset) != napi_ok ||
      napi_get_value_int64(env, argv[4], &length) != napi_ok || at < 0 || at % page != 0 || offset < 0 || offset % page != 0 || length <= 0 ||
      (uint64_t)at + (uint64_t)length > size) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a region, a place in it and a file offset in whole pages, a file descriptor and a length that fits");
    return NULL;
  }
  int known = 0;
  for (int i = 0; i < nregions; i++) known |= regions[i].base == base && regions[i].size == size;
  if (!known) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "not a file region (fileRegion)");
    return NULL;
  }
  int err = 0;
  if (mmap(base + at, (size_t)length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, (off_t)offset) == MAP_FAILED) {
    err = errno;
    // The range may have lost its old mapping: memory of its own again, never a hole.
    mmap(base + at, (size_t)length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  }
  napi_value out;
  CHECK(env, napi_create_int32(env, err, &out));
  return out;
}

// windowsCut(): whether a mapped window was found cut short (its file shrank) since last asked.
napi_value ls_windows_cut(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  int was = cut;
  cut = 0;
  CHECK(env, napi_get_boolean(env, was != 0, &out));
  return out;
}

// filePosition(fd[, to]): the descriptor's offset; with `to`, moves it there first. -1 when it
// has none (a pipe).
napi_value ls_file_position(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t fd = -1;
  int64_t to = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || (argc >= 2 && napi_get_value_int64(env, argv[1], &to) != napi_ok)) {
    napi_throw_type_error(env, "LSC_ERR_ARGUMENT", "expected a file descriptor and an optional offset");
    return NULL;
  }
  off_t at = argc >= 2 && to >= 0 ? lseek(fd, (off_t)to, SEEK_SET) : lseek(fd, 0, SEEK_CUR);
  napi_value out;
  CHECK(env, napi_create_int64(env, (int64_t)at, &out));
  return out;
}
