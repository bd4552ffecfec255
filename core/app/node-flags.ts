/**
 * Node flags the web process runs with, given on its command line (package.json's `start`,
 * deploy/systemd/marquee-web.service; a test checks both). V8 sizes a heap's young generation at
 * start, so these cannot be set from inside the process. Figures: `npm run bench -- memory`, which
 * starts the web process with these and a bare `node -e` beside it.
 *
 * `--max-semi-space-size=2` (MB): under load V8 grows each of the two semi-spaces to 16 MB, about
 * 30 MB of resident memory kept for good; at 2 MB the scavenges are more frequent but cost no
 * measurable time per request here. Beside them, `MALLOC_ARENA_MAX=2` limits glibc to two malloc
 * arenas instead of one per thread that allocates (a few MB at rest).
 *
 * `--optimize-for-size`: V8 grows the old generation by a smaller factor, collects and compacts
 * sooner and inlines less. About 5 MB less at rest and 10 MB less after 20,000 requests, and the
 * heap no longer grows by 4 to 6 MB over the second 10,000. Requests a second under 16 connections
 * stayed within the spread of back-to-back runs (installed list 0.24 to 0.39 of a bare server with
 * it, 0.34 to 0.37 without, on a machine at load 12 to 17); one request at a time, no change.
 *
 * `MALLOC_TRIM_THRESHOLD_` and `MALLOC_MMAP_THRESHOLD_` fixed at 128 KB: glibc otherwise raises both
 * after a large block is freed (to tens of MB), and later blocks below that size stay in
 * the heap when freed; fixed, a freed large block goes back to the system (1 to 2 MB less). The
 * display process inherits this environment when the web process starts it, so its systemd unit
 * sets the same.
 */
export const WEB_NODE_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size'] as const;
export const WEB_NODE_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
  MALLOC_MMAP_THRESHOLD_: '131072',
} as const;
