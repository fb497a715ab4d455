"""A notes app in plain Python (standard library only), the app that
docs/testing-your-own-app.md writes a profile for. Sessions live in a dict in
each process, as in many apps' first version: fine on one server, a random
logout on three.

Run: PORT=8080 python3 app.py     (users: user1..user50, password "secret-<n>")
"""
import html
import os
import secrets
import signal
import sys
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

COOKIE = "notes_session"
SESSIONS: dict[str, dict] = {}
LOCK = threading.Lock()
USERS = {f"user{n}": f"secret-{n}" for n in range(1, 51)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request on stderr is noise under load
        pass

    def session(self):
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        sid = jar[COOKIE].value if COOKIE in jar else None
        with LOCK:
            return sid, (SESSIONS.get(sid) if sid else None)

    def reply(self, status, body="", headers=None):
        data = body.encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        fields = parse_qs(self.rfile.read(length).decode())
        return {k: v[0] for k, v in fields.items()}

    def do_GET(self):
        sid, s = self.session()
        if self.path == "/login":
            return self.reply(200, '<form method="post"><input name="user"><input name="pw" type="password"></form>')
        if s is None:
            return self.reply(303, "", {"Location": "/login"})
        if self.path == "/account":
            return self.reply(200, f"<h1>Hello {html.escape(s['user'])}</h1>")
        if self.path == "/notes":
            items = "".join(f'<li class="note">{html.escape(n)}</li>' for n in s["notes"])
            return self.reply(200, f"<ul>{items}</ul>")
        return self.reply(404, "not found")

    def do_POST(self):
        sid, s = self.session()
        f = self.form()
        if self.path == "/login":
            user = f.get("user", "")
            if not secrets.compare_digest(USERS.get(user, "\0"), f.get("pw", "")):
                return self.reply(401, "wrong user or password")
            new = secrets.token_urlsafe(32)
            with LOCK:
                SESSIONS.pop(sid, None)
                SESSIONS[new] = {"user": user, "notes": []}
            return self.reply(303, "", {"Location": "/account", "Set-Cookie": f"{COOKIE}={new}; Path=/; HttpOnly; SameSite=Lax"})
        if self.path == "/logout":
            with LOCK:
                SESSIONS.pop(sid, None)
            return self.reply(303, "", {"Location": "/login", "Set-Cookie": f"{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"})
        if s is None:
            return self.reply(303, "", {"Location": "/login"})
        if self.path == "/notes":
            with LOCK:
                s["notes"].append(f.get("text", "")[:100])
            return self.reply(303, "", {"Location": "/notes"})
        return self.reply(404, "not found")


if __name__ == "__main__":
    server = ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"notes app listening on {server.server_address}", file=sys.stderr, flush=True)
    server.serve_forever()
