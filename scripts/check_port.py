"""Fail with one clear line when the HTTP port the server should listen on is taken."""

import socket
import sys


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    host, raw_port = argv[1], argv[2]
    try:
        port = int(raw_port)
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        print(
            f"HTTP_PORT={raw_port!r} is not a port number (1-65535): "
            "choose one, e.g. make start HTTP_PORT=8081",
            file=sys.stderr,
        )
        return 2
    if not port_is_free(host, port):
        print(
            f"Port {port} on {host} is already in use: stop what runs there, "
            f"or choose another port with: make start HTTP_PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
