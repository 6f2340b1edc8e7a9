"""bench/web.py's lean HTTP/1.1 client reads each answer whole (by Content-Length or chunked) on
one keep-alive connection, and says which status came back: a figure counts only answers read
in full."""

import importlib.util
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.nodb

_spec = importlib.util.spec_from_file_location("bench_web", Path(__file__).resolve().parents[1] / "bench" / "web.py")
web = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web)


class _Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections: set = set()

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Answers.connections.add(self.client_address)
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"xin chao", b"x" * 70000):
                self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        body = b"y" * (300_000 if self.path == "/big" else 12)
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    _Answers.connections = set()
    yield srv.server_address[1]
    srv.shutdown()


def test_each_answer_is_read_whole_on_one_connection(server):
    conn = web._Connection(server)
    statuses = [conn.request(web._raw(path, {"Host": "127.0.0.1"}))
                for path in ("/a", "/big", "/chunked", "/missing", "/a", "/chunked", "/big", "/a")]
    assert statuses == [200, 200, 200, 404, 200, 200, 200, 200]
    assert conn.buffer == b"" and len(_Answers.connections) == 1


def test_a_closed_connection_is_an_error_not_a_figure(server):
    conn = web._Connection(server)
    conn.request(web._raw("/a", {"Host": "127.0.0.1"}))
    conn.sock.shutdown(1)  # the server sees the end of the request stream and closes
    with pytest.raises(OSError):
        conn.request(web._raw("/a", {"Host": "127.0.0.1"}))
