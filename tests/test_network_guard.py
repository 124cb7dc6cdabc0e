"""The network guard is active here and in every process the tests start."""

import os
import socket
import subprocess
import sys

import pytest


def test_guard_is_on_the_path_of_child_processes():
    assert "network_guard" in os.environ.get("PYTHONPATH", "")


def test_in_process_lookup_of_a_remote_host_is_refused():
    with pytest.raises(ConnectionRefusedError, match="network guard"):
        socket.getaddrinfo("pypi.org", 443)


def test_in_process_connection_to_a_remote_address_is_refused():
    sock = socket.socket()
    try:
        # 192.0.2.1 is reserved for documentation; the guard refuses before any packet is sent.
        with pytest.raises(ConnectionRefusedError, match="network guard"):
            sock.connect(("192.0.2.1", 9))
    finally:
        sock.close()


def test_child_processes_are_guarded_too():
    code = "import socket\ntry:\n socket.getaddrinfo('pypi.org', 443)\nexcept ConnectionRefusedError as e:\n print(e)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "network guard" in result.stdout


def test_loopback_stays_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=5)
    client.close()
    server.close()
