"""Loopback webhook receiver for scripts/soak.sh: answers every POST with 204 and counts alerts in a file."""
import http.server
import json
import os
import sys
import threading

count_file = sys.argv[1]
port_file = sys.argv[2]
alerts = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global alerts
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            payload = json.loads(body)
            received = len(payload) if isinstance(payload, list) else 1
        except ValueError:
            received = 0
        with lock:
            alerts += received
            # Written aside and renamed, so the sampler never reads a half-written count.
            with open(count_file + ".tmp", "w") as f:
                f.write(str(alerts))
            os.replace(count_file + ".tmp", count_file)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
