"""Network guard for the test suite: any traffic to a host other than this machine fails.

The test run puts this folder on PYTHONPATH, so Python imports this file at start-up in the test
process and in every process it starts: the notebook kernels of nbval and of the book build too.
A notebook that downloads a dataset, or library code that phones home, then fails loudly instead
of working on one laptop and not in a classroom. An audit hook cannot be removed once added, and
it runs before the call it audits, so nothing leaves the machine.

What is refused, unless the host is this machine (localhost, 127.0.0.0/8, ::1):
- connecting a socket (TCP, or UDP's connect);
- sending a datagram to an address (sendto, sendmsg): UDP needs no connection;
- every kind of name lookup, which would ask a DNS server: getaddrinfo, gethostbyname,
  gethostbyname_ex (the same audit event), gethostbyaddr and getnameinfo.
"""

import ipaddress
import socket
import sys

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _is_local(host):
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host is None or str(host).lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False  # any other name would need a DNS lookup: not local
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is IPv4's loopback
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _refuse(what, host):
    raise ConnectionRefusedError(f"network guard: the tests may not {what} {host!r}")


def _guard(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args
        # sendmsg on a connected socket has no address: its connect was checked already.
        if address is not None and sock.family in _INTERNET and not _is_local(address[0]):
            _refuse("connect or send to", address[0])
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        if not _is_local(args[0]):
            _refuse("look up", args[0])
    elif event == "socket.getnameinfo":
        sockaddr = args[0]  # (host, port, ...); anything else, getnameinfo itself refuses
        if isinstance(sockaddr, tuple) and sockaddr and not _is_local(sockaddr[0]):
            _refuse("look up", sockaddr[0])


sys.addaudithook(_guard)
