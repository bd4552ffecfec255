import { describe, expect, it } from 'vitest';
import {
  encodeHead,
  encodeMessage,
  MAX_HEADER_BYTES,
  MAX_PAYLOAD_BYTES,
  MessageDecoder,
  ProtocolError,
} from '../../core/hosts/protocol.ts';

const rgb = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

describe('host protocol framing', () => {
  it('round-trips a header and a payload', () => {
    const d = new MessageDecoder();
    const got = d.push(encodeMessage({ t: 'frame', id: 7, width: 4, height: 2 }, rgb(24)));
    expect(got).toHaveLength(1);
    expect(got[0]!.header).toEqual({ t: 'frame', id: 7, width: 4, height: 2 });
    expect([...got[0]!.payload]).toEqual([...rgb(24)]);
    expect(d.pending).toBe(0);
  });

  it('reassembles messages split at every byte and several messages in one chunk', () => {
    const bytes = Buffer.concat([
      encodeMessage({ t: 'done', id: 1, cpu_ms: 0.5 }),
      encodeMessage({ t: 'frame', id: 2 }, rgb(300)),
      encodeMessage({ t: 'log', level: 'info', message: 'ünïcode ✓' }),
    ]);
    const d = new MessageDecoder();
    const got = [];
    for (let i = 0; i < bytes.length; i++) got.push(...d.push(bytes.subarray(i, i + 1)));
    expect(got.map((m) => m.header.t)).toEqual(['done', 'frame', 'log']);
    expect(got[1]!.payload.length).toBe(300);
    expect(got[2]!.header.message).toBe('ünïcode ✓');
    expect(new MessageDecoder().push(bytes).map((m) => m.header.t)).toEqual(['done', 'frame', 'log']);
  });

  it('hands a frame that arrived in one chunk on without copying it', () => {
    const chunk = encodeMessage({ t: 'frame', id: 3 }, rgb(64 * 32 * 3));
    const [m] = new MessageDecoder().push(chunk);
    expect(m!.payload.buffer).toBe(chunk.buffer);
  });

  it('refuses lengths over the limits, headers that are not objects with a type, and says how much is pending', () => {
    const bad = (h: number, p: number) => {
      const b = Buffer.alloc(8);
      b.writeUInt32BE(h, 0);
      b.writeUInt32BE(p, 4);
      return b;
    };
    expect(() => new MessageDecoder().push(bad(MAX_HEADER_BYTES + 1, 0))).toThrow(ProtocolError);
    expect(() => new MessageDecoder().push(bad(10, MAX_PAYLOAD_BYTES + 1))).toThrow(ProtocolError);
    const notObject = Buffer.from('[1,2]');
    expect(() => new MessageDecoder().push(Buffer.concat([bad(notObject.length, 0), notObject]))).toThrow(
      /object with a string "t"/,
    );
    const notJson = Buffer.from('{t:1}');
    expect(() => new MessageDecoder().push(Buffer.concat([bad(notJson.length, 0), notJson]))).toThrow(/not JSON/);
    const d = new MessageDecoder();
    d.push(encodeMessage({ t: 'done', id: 1 }).subarray(0, 11));
    expect(d.pending).toBe(11);
    expect(() => encodeMessage({ t: 'frame' }, new Uint8Array(MAX_PAYLOAD_BYTES + 1))).toThrow(ProtocolError);
  });

  it('a head written before its payload makes the same bytes as the whole message, so payloads go out uncopied', () => {
    const pixels = rgb(4 * 2 * 3);
    const head = encodeHead({ t: 'frame', id: 1 }, pixels.length);
    expect(Buffer.concat([head, pixels])).toEqual(encodeMessage({ t: 'frame', id: 1 }, pixels));
    expect(() => encodeHead({ t: 'frame' }, MAX_PAYLOAD_BYTES + 1)).toThrow(ProtocolError);
  });

  it('counts the messages that had to be joined from several chunks', () => {
    const d = new MessageDecoder();
    const whole = encodeMessage({ t: 'frame', id: 1 }, rgb(100));
    d.push(whole);
    d.push(whole.subarray(0, 50));
    d.push(whole.subarray(50));
    expect(d.counts).toEqual({ messages: 2, joined: 1 });
  });
});
