"""python3 -m marquee_host: serves the protocol on fd 3 until shutdown or until the display goes."""

import logging
import os
import sys

from marquee_host import options, output
from marquee_host.channel import Channel, ProtocolError
from marquee_host.host import Host


def main() -> int:
    channel = Channel()
    output.install(channel, logging.DEBUG if os.environ.get("MARQUEE_HOST_DEBUG") else logging.INFO)
    host = Host(channel, options=options.parse(sys.argv[1:]))
    try:
        status = host.serve()
    except ProtocolError as e:
        print(f"marquee_host: protocol error: {e}", file=sys.stderr, flush=True)
        status = 2
    # Plugin threads may still be running (a display() that never returns): they must not keep
    # the process alive, and interpreter teardown must not wait on them.
    sys.stdout.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
