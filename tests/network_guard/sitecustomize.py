"""Network guard for the test suite: any connection to a host other than this machine fails.

The test run puts this folder on PYTHONPATH, so Python imports this file at start-up in the test
process and in every process it starts: the notebook kernels of nbval and of the book build too.
A notebook that downloads a dataset, or library code that phones home, then fails loudly instead
of working on one laptop and not in a classroom. An audit hook cannot be removed once added, and
it runs before the connection or the name lookup is attempted, so nothing leaves the machine.
"""

import ipaddress
import socket
import sys

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(host):
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host is None or str(host).lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # any other name would need a DNS lookup: not local


def _guard(event, args):
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise ConnectionRefusedError(
                f"network guard: the tests may not connect to {address[0]}"
            )
    elif event == "socket.getaddrinfo":
        if not _is_local(args[0]):
            raise ConnectionRefusedError(f"network guard: the tests may not look up {args[0]!r}")


sys.addaudithook(_guard)
