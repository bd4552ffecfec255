"""The framing of core/hosts/protocol.ts over the host's fd 3.

Each message is two big-endian u32 lengths (header H, payload P), H bytes of UTF-8 JSON (an object
with a string "t"), then P raw bytes. Reads happen on one thread; writes come from every plugin
thread, so they are serialised by a lock and each message goes out in one sendall.
"""

import json
import socket
import struct
import threading

CHANNEL_FD = 3
MAX_HEADER_BYTES = 1024 * 1024
MAX_PAYLOAD_BYTES = 8 * 1024 * 1024
_PREFIX = struct.Struct(">II")


class ProtocolError(Exception):
    """The peer broke the framing: the host stops reading and exits."""


class Channel:
    def __init__(self, fd: int = CHANNEL_FD):
        self._sock = socket.socket(fileno=fd)
        self._write_lock = threading.Lock()

    def receive(self):
        """The next (header, payload), or None when the display closed the channel between messages."""
        prefix = self._read_exactly(_PREFIX.size, allow_eof=True)
        if prefix is None:
            return None
        h, p = _PREFIX.unpack(prefix)
        if h < 2 or h > MAX_HEADER_BYTES:
            raise ProtocolError(f"header length {h} is out of range")
        if p > MAX_PAYLOAD_BYTES:
            raise ProtocolError(f"payload length {p} is out of range")
        header = _parse_header(self._read_exactly(h))
        payload = self._read_exactly(p) if p else b""
        return header, payload

    def send(self, header: dict, payload: bytes = b"") -> None:
        data = json.dumps(header, separators=(",", ":"), default=str).encode("utf-8")
        if len(data) > MAX_HEADER_BYTES:
            raise ProtocolError(f"header of {len(data)} bytes is over the limit")
        if len(payload) > MAX_PAYLOAD_BYTES:
            raise ProtocolError(f"payload of {len(payload)} bytes is over the limit")
        message = b"".join((_PREFIX.pack(len(data), len(payload)), data, payload))
        with self._write_lock:
            self._sock.sendall(message)

    def _read_exactly(self, n: int, allow_eof: bool = False):
        buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            k = self._sock.recv_into(view[got:], n - got)
            if k == 0:
                if got == 0 and allow_eof:
                    return None
                raise ProtocolError("the channel ended in the middle of a message")
            got += k
        return bytes(buf)


def _parse_header(raw: bytes) -> dict:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ProtocolError("header is not JSON") from e
    if not isinstance(value, dict) or not isinstance(value.get("t"), str):
        raise ProtocolError('header is not an object with a string "t"')
    return value
