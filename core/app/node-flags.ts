/**
 * Node flags the web process runs with, given on its command line (package.json's `start`,
 * deploy/systemd/marquee-web.service; a test checks both). V8 sizes a heap's young generation at
 * start, so these cannot be set from inside the process.
 *
 * `--max-semi-space-size=2` (MB): under load V8 grows each of the two semi-spaces to 16 MB, about
 * 30 MB of resident memory kept for good; at 2 MB the scavenges are more frequent but cost no
 * measurable time per request here. Beside them, `MALLOC_ARENA_MAX=2` limits glibc to two malloc
 * arenas instead of one per thread that allocates (a few MB at rest).
 *
 * `--liftoff-only`: the outbound HTTP client (undici) parses responses with llhttp compiled to
 * WebAssembly. V8 compiles it at once with Liftoff, then again with TurboFan on worker threads, and
 * that second compilation of llhttp's one large parsing function allocates about 35 MB of compiler
 * memory; glibc keeps those pages after they are freed (they lie below live blocks), so the process
 * stayed 20 to 35 MB larger for good. Liftoff's code parses the few responses the web process
 * fetches (registry documents, GitHub facts, plugin archives' headers) fast enough.
 */
export const WEB_NODE_FLAGS = ['--max-semi-space-size=2', '--liftoff-only'] as const;
export const WEB_NODE_ENV = { MALLOC_ARENA_MAX: '2' } as const;
