#!/usr/bin/env python3
"""A WebSocket server that misbehaves on purpose, for the browser tests of the live console
(tests/ui_hostile.rs). Standard library only; plain ws:// on 127.0.0.1.

    python3 tests/hostile_ws.py PORT      (PORT 0: a free one; prints `listening on ws://…`)

What it does depends on the path of the request:
  /close-at-once  accepts, then closes at once with 4000 "bye"
  /drop           accepts, then drops the TCP connection without a close frame (1006)
  /flood          accepts, then sends 5,000 small text frames as fast as it can
  /big            accepts, then sends one text frame of 1 MiB (1,048,576 bytes)
  /markup         accepts, sends frames of HTML and script, then closes with markup as reason
  anything else   echoes text frames
"""

import base64
import hashlib
import socket
import socketserver
import struct
import sys
import threading
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
EVIL = (
    "<img src=x onerror=\"window.__xss='frame';document.title='pwned'\">"
    "<script>window.__xss='frame-script'</script>"
)


def frame(opcode, payload):
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n < 1 << 16:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def text(s):
    return frame(0x1, s.encode("utf-8"))


def close(code, reason=""):
    return frame(0x8, struct.pack(">H", code) + reason.encode("utf-8")[:123])


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_frame(sock):
    b0, b1 = read_exact(sock, 2)
    opcode = b0 & 0x0F
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack(">H", read_exact(sock, 2))[0]
    elif n == 127:
        n = struct.unpack(">Q", read_exact(sock, 8))[0]
    mask = read_exact(sock, 4) if b1 & 0x80 else b"\0\0\0\0"
    data = bytearray(read_exact(sock, n))
    for i in range(n):
        data[i] ^= mask[i % 4]
    return opcode, bytes(data)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(60)
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = sock.recv(4096)
            if not chunk:
                return
            request += chunk
        lines = request.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
        key = ""
        for line in lines[1:]:
            if line.lower().startswith("sec-websocket-key:"):
                key = line.split(":", 1)[1].strip()
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        sock.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        path = path.split("?")[0]
        try:
            if path == "/close-at-once":
                sock.sendall(close(4000, "bye"))
                time.sleep(0.5)
            elif path == "/drop":
                time.sleep(0.1)
                sock.shutdown(socket.SHUT_RDWR)
            elif path == "/flood":
                burst = b"".join(text(f'{{"n": {i}}}') for i in range(5000))
                sock.sendall(burst)
                self.wait_for_close(sock)
            elif path == "/big":
                sock.sendall(text("x" * (1 << 20)))
                self.wait_for_close(sock)
            elif path == "/markup":
                sock.sendall(text(EVIL))
                sock.sendall(text('{"message": "' + EVIL.replace('"', '\\"') + '"}'))
                time.sleep(0.3)
                sock.sendall(close(4001, "<img src=x onerror=alert(1)>"))
                time.sleep(0.5)
            else:
                while True:
                    opcode, data = read_frame(sock)
                    if opcode == 0x8:
                        sock.sendall(close(1000))
                        return
                    if opcode == 0x1:
                        sock.sendall(frame(0x1, data))
        except (ConnectionError, OSError):
            pass

    def wait_for_close(self, sock):
        while True:
            opcode, _ = read_frame(sock)
            if opcode == 0x8:
                sock.sendall(close(1000))
                return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = Server(("127.0.0.1", port), Handler)
    print(f"listening on ws://127.0.0.1:{server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
