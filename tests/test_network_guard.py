"""The network guard is active here, in every process the tests start, and in notebook kernels.

Each way out is tried: a TCP connection, a UDP datagram (sendto, sendmsg), and every resolver
call (getaddrinfo, gethostbyname, gethostbyname_ex, gethostbyaddr, getnameinfo). The remote
addresses are reserved for documentation (192.0.2.0/24) or the example.com name, so even a
broken guard would send nothing anyone receives.
"""

import os
import socket
import subprocess
import sys

import pytest

# A call that would leave this machine, by name (one word). `udp` is a fresh UDP socket.
REMOTE_CALLS = {
    "connect": "socket.socket().connect(('192.0.2.1', 9))",
    "getaddrinfo": "socket.getaddrinfo('example.com', 443)",
    "gethostbyname": "socket.gethostbyname('example.com')",
    "gethostbyname_ex": "socket.gethostbyname_ex('example.com')",
    "gethostbyaddr": "socket.gethostbyaddr('192.0.2.1')",
    "getnameinfo": "socket.getnameinfo(('192.0.2.1', 9), 0)",
    "sendto": "udp.sendto(b'x', ('192.0.2.1', 9))",
    "sendmsg": "udp.sendmsg([b'x'], [], 0, ('192.0.2.1', 9))",
    "sendto_ipv6": "socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b'x', ('2001:db8::1', 9))",
}

# Tries every call and prints one line per call: its name, then the guard's message or a failure.
PROBE = f"""
import socket
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for name, call in {REMOTE_CALLS!r}.items():
    try:
        eval(call)
        print(name, "NOT REFUSED")
    except ConnectionRefusedError as error:
        print(name, "->", error)
    except OSError as error:
        print(name, "NOT REFUSED, failed later:", error)
udp.close()
"""


def _assert_every_call_refused(output: str) -> None:
    """`output` is PROBE's: one line per call, its name first."""
    lines = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    refused = {name for name in REMOTE_CALLS if "network guard" in lines.get(name, "")}
    assert refused == set(REMOTE_CALLS), output


def test_guard_is_on_the_path_of_child_processes():
    assert "network_guard" in os.environ.get("PYTHONPATH", "")


@pytest.mark.parametrize("name", list(REMOTE_CALLS))
def test_in_process_calls_to_a_remote_host_are_refused(name):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(ConnectionRefusedError, match="network guard"):
            eval(REMOTE_CALLS[name], {"socket": socket, "udp": udp})
    finally:
        udp.close()


def test_child_processes_are_guarded_too():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    _assert_every_call_refused(result.stdout)


def test_a_jupyter_kernel_is_guarded_too():
    # The notebooks run in kernels like this one, started with the test run's environment.
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env=dict(os.environ))
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        output = []

        def keep(message):
            if message["msg_type"] == "stream":
                output.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                output.append("\n".join(message["content"]["traceback"]))

        reply = client.execute_interactive(PROBE, output_hook=keep, timeout=60)
        assert reply["content"]["status"] == "ok", "".join(output)
        _assert_every_call_refused("".join(output))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_loopback_stays_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=5)
    client.close()
    server.close()
    assert socket.gethostbyname("localhost").startswith("127.")
    assert socket.getnameinfo(("127.0.0.1", 9), socket.NI_NUMERICHOST)[0] == "127.0.0.1"


def test_loopback_datagrams_stay_allowed():
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        sender.sendto(b"to", receiver.getsockname())
        sender.sendmsg([b"msg"], [], 0, receiver.getsockname())
        assert {receiver.recv(16), receiver.recv(16)} == {b"to", b"msg"}
    finally:
        sender.close()
        receiver.close()
