/**
 * The plugin host protocol: how the display process talks to a plugin host, whatever language the
 * host runs plugins in (a Node host for Marquee's own JavaScript plugins, a Python host for
 * LEDMatrix's plugins). This file is the specification; the Python side implements the same
 * framing in `core/hosts/python/marquee_host/channel.py`.
 *
 * ## Channel
 *
 * The display process starts a host with a duplex Unix stream socket on the host's file descriptor
 * 3. Standard output and standard error are not part of the protocol: whatever plugin code prints
 * there is read by the display as log lines of that host (rate limited), so a plugin's `print()`
 * can never corrupt a message.
 *
 * ## Framing
 *
 * Every message, in both directions, is
 *
 * ```
 * u32 big-endian  header length H (1 ≤ H ≤ MAX_HEADER_BYTES)
 * u32 big-endian  payload length P (0 ≤ P ≤ MAX_PAYLOAD_BYTES)
 * H bytes         header: a UTF-8 JSON object with a string field `t` (the message type)
 * P bytes         payload: raw bytes (a frame's pixels), empty for most messages
 * ```
 *
 * A length over its limit, a header that is not a JSON object with a `t`, or a stream that ends in
 * the middle of a message is a protocol error: the receiver stops reading and the display kills
 * the host (blamed on the host's plugin, as a crash).
 *
 * ## Requests and replies
 *
 * The display sends requests, each with a new integer `id`. The host answers each request exactly
 * once, with `done` (success) or `error` (failure), carrying the same `id`, and may send `frame`
 * messages for a request before answering it. Requests to one host may be in flight at once (an
 * `update` of one plugin while another renders): the host answers in any order. The display
 * enforces the deadlines: a reply that does not come in time gets the host killed and the plugin
 * that owned the request blamed. Every reply carries `cpu_ms`, the CPU time the host spent on the
 * request (the plugin's own code, measured by the host around the call), for per-plugin accounting.
 *
 * | display → host | fields                                                    | reply (`done` fields)                     |
 * |----------------|-----------------------------------------------------------|-------------------------------------------|
 * | `init`         | `protocol`, `panel {width,height}`, `facts`, `limits?`     | `runtime`, `runtime_version`, `pid`, `confined?` |
 * | `load`         | `plugin {id, dir, data_dir, entry, manifest}`, `config`, `facts?`, `cache?` | `modes`, `fps`, `durations`, `has_update?`, `has_live?`, … |
 * | `update`       | `plugin_id`, `deadline_ms?`                               | `retry_in_seconds?`                       |
 * | `render`       | `plugin_id`, `mode`, `now` (ms), `frame_no`, `force_clear`, `elapsed_ms?` | `shown` (false: nothing to show), `next_in_ms`, `clipped?` |
 * | `configure`    | `plugin_id`, `config`                                     | —                                         |
 * | `action`       | `plugin_id`, `action`, `params`                           | `result`                                  |
 * | `unload`       | `plugin_id`                                               | —                                         |
 * | `shutdown`     | —                                                         | none: the host exits 0                    |
 *
 * | host → display | fields                                                    |
 * |----------------|-----------------------------------------------------------|
 * | `done`         | `id`, `cpu_ms`, `rss_bytes?`, and the request's reply fields |
 * | `error`        | `id`, `cpu_ms`, `rss_bytes?`, `code`, `message`, `stack?` |
 * | `frame`        | `id` (the `render` it belongs to), `plugin_id`, `width`, `height`; payload: width × height × 3 bytes, RGB, rows top to bottom |
 * | `log`          | `plugin_id?`, `level` (`debug`/`info`/`warn`/`error`), `message`, `fields?` |
 * | `cache`        | `plugin_id`, `key`, `value` (JSON text, null: deleted), `expires_at` (ms, null: never) |
 * | `live`         | `plugin_id`, `value` (boolean: the plugin has live content and asks for priority) |
 * | `exiting`      | `plugin_id`: the plugin whose code is ending the host        |
 *
 * `config` is the plugin's settings as it reads them: its config.json section with its secrets laid
 * over. Settings and secrets reach a plugin only this way, never as files it could read.
 *
 * Fields added to the first version, all optional so either side may ignore them:
 *
 * - `init.limits` `{cache_value_bytes, cache_entries}`: the plugin cache's bounds. The reply's `pid`
 *   is the host's own view of it: 1 inside its PID namespace (the display finds the real one).
 * - `init` reply `confined` `{permission: boolean}`: what the host found in force before loading any
 *   plugin (the Node host: whether Node's permission model refuses reads outside its folders). The
 *   display refuses to load plugins into a host that says it is not confined.
 * - `load.facts`: device facts for this plugin (they replace `init.facts`; a change reloads the
 *   plugin). `load.cache`: the plugin's persisted cache, `{key: {value, expires_at}}` with `value`
 *   JSON text. The reply's `has_update` / `has_live` say whether the plugin has an `update()` and a
 *   live-content check.
 * - `update.deadline_ms`: the host gives up on an update that has not finished by then (it answers
 *   `error` and ignores the late result); the display kills the host if no answer comes soon after.
 * - `render.elapsed_ms`: milliseconds since the mode came on screen. The reply's `clipped` counts
 *   pixels drawn outside the panel (the harness fails such frames).
 * - `frame.mono_ns`: the host's monotonic clock (ns, as a decimal string) when it wrote the frame;
 *   the system's monotonic clock is one for all processes, so the display can time the crossing.
 * - `rss_bytes` in replies: the host's resident size after the call, so growth can be attributed to
 *   the plugin whose calls made it in a host shared by several.
 * - `cache` and `live` messages: a plugin's cache writes (kept by the display, given back at the
 *   next `load`) and its live-priority flag.
 * - `exiting` `{plugin_id}`: the host's last message when plugin code makes it exit, naming that
 *   plugin, so the display blames it even when other plugins' requests were in flight.
 *
 * `render` may produce several frames before its `done` (a LEDMatrix plugin that scrolls inside one
 * `display()` call pushes each step with `update_display()`); the display shows the newest frame it
 * holds when its own clock says so, never waiting for one. `next_in_ms` says when the plugin wants
 * to be drawn again (`null`: only when something changes, such as its settings or an update).
 * `frame.width`/`height` must be the panel's and the payload exactly their product × 3 bytes; a
 * frame for a request that is not in flight, or of another size, is a protocol error.
 */

export const PROTOCOL_VERSION = 1;

/** File descriptor of the channel in the host. */
export const CHANNEL_FD = 3;

export const MAX_HEADER_BYTES = 1024 * 1024;
/** Large enough for any panel Marquee accepts (512 × 3 × 256 × 3 × 3 bytes is under 4 MiB). */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

export interface Message {
  /** Message type. */
  t: string;
  [field: string]: unknown;
}

/** One received message: its header and its payload (empty when it has none). */
export interface Received {
  header: Message;
  payload: Buffer;
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const PREFIX = 8;

/**
 * The two lengths and the JSON header of a message whose payload is `payloadLength` bytes: a sender
 * writes these and then the payload itself, so pixels are never copied into a joined buffer.
 */
export function encodeHead(header: Message, payloadLength = 0): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) throw new ProtocolError(`header of ${json.length} bytes is over the limit`);
  if (payloadLength > MAX_PAYLOAD_BYTES) throw new ProtocolError(`payload of ${payloadLength} bytes is over the limit`);
  const out = Buffer.allocUnsafe(PREFIX + json.length);
  out.writeUInt32BE(json.length, 0);
  out.writeUInt32BE(payloadLength, 4);
  json.copy(out, PREFIX);
  return out;
}

/** One message as bytes: the two lengths, the JSON header, the payload. */
export function encodeMessage(header: Message, payload: Uint8Array = EMPTY): Buffer {
  const head = encodeHead(header, payload.length);
  if (!payload.length) return head;
  const out = Buffer.allocUnsafe(head.length + payload.length);
  head.copy(out, 0);
  out.set(payload, head.length);
  return out;
}

const EMPTY = new Uint8Array(0);

/**
 * Reassembles messages from the chunks a stream delivers. Chunks are kept as they come and joined
 * only when a message spans them, so a frame arriving in one chunk is handed on without a copy
 * (its payload is a view of that chunk).
 */
export class MessageDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Messages decoded, and how many times chunks had to be joined (copied) to complete one. */
  readonly counts = { messages: 0, joined: 0 };

  /** Adds a chunk and returns every message it completes; throws ProtocolError on bad input. */
  push(chunk: Buffer): Received[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Received[] = [];
    for (;;) {
      if (this.buffered < PREFIX) return out;
      const head = this.peek(PREFIX);
      const h = head.readUInt32BE(0);
      const p = head.readUInt32BE(4);
      if (h < 2 || h > MAX_HEADER_BYTES) throw new ProtocolError(`header length ${h} is out of range`);
      if (p > MAX_PAYLOAD_BYTES) throw new ProtocolError(`payload length ${p} is out of range`);
      const total = PREFIX + h + p;
      if (this.buffered < total) return out;
      const whole = this.take(total);
      out.push({ header: parseHeader(whole.subarray(PREFIX, PREFIX + h)), payload: whole.subarray(PREFIX + h) });
    }
  }

  /** Bytes received that do not yet make a whole message (a stream ending here was cut short). */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) {
      this.counts.joined += 1;
      this.chunks = [Buffer.concat(this.chunks)];
    }
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    this.counts.messages += 1;
    if (first.length < n) {
      this.counts.joined += 1;
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
    const taken = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return taken;
  }
}

function parseHeader(bytes: Buffer): Message {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ProtocolError('header is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as Message).t !== 'string')
    throw new ProtocolError('header is not an object with a string "t"');
  return value as Message;
}
