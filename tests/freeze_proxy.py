#!/usr/bin/env python3
"""A TCP proxy in front of a PostgreSQL server's Unix socket that can stop answering, as a
server behind a network gone does (tests/test_window_server_away.c).

    python3 tests/freeze_proxy.py SOCKET_PATH

prints the port it listens on (127.0.0.1), then relays every connection to SOCKET_PATH.
SIGUSR1 freezes it: its connections are cut, and a new one is accepted by the system but never
answered. SIGUSR2 thaws it: the connections that waited are served from where they were."""

import os
import select
import signal
import socket
import sys

frozen = False


def freeze(*_):
    global frozen
    frozen = True


def thaw(*_):
    global frozen
    frozen = False


def main():
    path = sys.argv[1]
    signal.signal(signal.SIGUSR1, freeze)
    signal.signal(signal.SIGUSR2, thaw)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    peer = {}  # socket -> the socket it relays to
    while True:
        if frozen and peer:
            for s in list(peer):
                s.close()
            peer.clear()
        watched = list(peer) + ([] if frozen else [listener])
        ready, _, _ = select.select(watched, [], [], 0.05)
        for s in ready:
            if s is listener:
                client, _ = listener.accept()
                server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    server.connect(path)
                except OSError:
                    client.close()
                    continue
                peer[client], peer[server] = server, client
                continue
            if s not in peer:
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            other = peer[s]
            if not data:
                for x in (s, other):
                    peer.pop(x, None)
                    x.close()
                continue
            try:
                other.sendall(data)
            except OSError:
                for x in (s, other):
                    peer.pop(x, None)
                    x.close()


if __name__ == "__main__":
    main()
