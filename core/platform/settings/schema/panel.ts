/** Settings of the display process: the panel, the plugins it runs and their hosts, Python's included. */
import * as v from 'valibot';
import { int, oneOf, text } from './fields.ts';

export const displaySettings = v.optional(
  v.object({
    backend: oneOf(['auto', 'emulator', 'rpi'], 'auto'),
    rows: int(8, 256, 32),
    cols: int(8, 256, 64),
    chainLength: int(1, 16, 1),
    parallel: int(1, 3, 1),
    heartbeatMs: int(500, 60_000, 5_000),
    /** A heartbeat older than this means the display process is not alive. */
    heartbeatStaleMs: int(1_000, 600_000, 30_000),
    /**
     * The display writes its heartbeat, what is on screen and plugin health in one transaction
     * this often (breaker changes at once): an SD card wears with every write.
     */
    flushMs: int(500, 60_000, 10_000),
    /** Frames per second for plugins that do not ask for a rate. */
    defaultFps: int(1, 120, 10),
    /** Most frames per second sent to the live preview while someone watches. */
    previewFps: int(1, 60, 30),
    /**
     * How web and display talk: `fork` (web starts the display as its child, `npm start`) or
     * `socket` (each runs as its own service; web listens on `socketPath`, the display connects).
     */
    link: oneOf(['fork', 'socket'], 'fork'),
    socketPath: text('/run/marquee/display.sock', 'a socket path'),
    /** Started as root (for the panel's GPIO), the display runs as this user once the panel is open. */
    user: v.optional(v.pipe(v.string('a user name'), v.trim()), ''),
    /** Where the board's model is read (a Raspberry Pi 5 is detected from it). */
    boardModelFile: text('/proc/device-tree/model', 'a file path'),
  }),
  {},
);

export const pluginSettings = v.optional(
  v.object({
    /** A render() slower than this kills the plugin's host (a failure of the plugin). */
    renderDeadlineMs: int(20, 60_000, 1_000),
    /** update() gets an AbortSignal that fires at this deadline; its host is killed soon after if it does not answer. */
    updateDeadlineMs: int(100, 600_000, 30_000),
    loadDeadlineMs: int(100, 120_000, 10_000),
    /** Ceiling of a plugin host's resident memory (heap and off-heap); crossing it kills the host. */
    memoryMb: int(16, 2_048, 64),
    /** How long an open circuit breaker waits before one trial. */
    breakerCooldownMs: int(1_000, 86_400_000, 300_000),
    /** A plugin using more than this share of one core (averaged over cpuWindowMs) is slowed and counted. */
    cpuBudgetPct: int(1, 100, 25),
    cpuWindowMs: int(10_000, 600_000, 30_000),
    /** When Marquee runs as root, plugin hosts run as this unprivileged user and group. */
    hostUid: int(1, 4_294_967_294, 65_534),
    hostGid: int(1, 4_294_967_294, 65_534),
    /** The hosts' user by name (its uid and group from /etc/passwd), in place of hostUid/hostGid. */
    hostUser: v.optional(v.pipe(v.string('a user name'), v.trim()), ''),
    /** First-party plugins share one host (false: every plugin has its own). */
    sharedHost: v.optional(v.boolean('true or false'), true),
  }),
  {},
);

/** LEDMatrix's Python plugins: the interpreter their hosts and venvs use, and where pip finds packages. */
export const pythonSettings = v.optional(
  v.object({
    /** Debian's interpreter, which sees python3-pil; the one first on PATH may be another. */
    interpreter: text('/usr/bin/python3', 'a path to python3'),
    /** A PEP 503 "simple" index URL for plugins' requirements.txt; empty: pip's own default. */
    pipIndexUrl: v.optional(v.pipe(v.string('a URL'), v.trim()), ''),
    /** Time pip may take for one plugin's requirements.txt (building a package on a Pi is slow). */
    pipTimeoutMs: int(10_000, 3_600_000, 600_000),
  }),
  {},
);
