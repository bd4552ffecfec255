/**
 * Node flags the web process runs with, given on its command line (package.json's `start`,
 * deploy/systemd/marquee-web.service; a test checks both). V8 sizes a heap's young generation at
 * start, so these cannot be set from inside the process.
 *
 * `--max-semi-space-size=2` (MB): under load V8 grows each of the two semi-spaces to 16 MB, about
 * 30 MB of resident memory kept for good; at 2 MB the scavenges are more frequent but cost no
 * measurable time per request here. Beside them, `MALLOC_ARENA_MAX=2` limits glibc to two malloc
 * arenas instead of one per thread that allocates (a few MB at rest).
 */
export const WEB_NODE_FLAGS = ['--max-semi-space-size=2'] as const;
export const WEB_NODE_ENV = { MALLOC_ARENA_MAX: '2' } as const;
