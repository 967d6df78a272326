"""The load clients wait out the too-fast check by the server's own reckoning."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core import signing

from cliffhanger.discussion.forms import ISSUED_SALT, issued_now
from cliffhanger.testing.load_clients import target_read


class _ArticleServer(BaseHTTPRequestHandler):
    """A token endpoint and an article whose form is signed as the server signs it."""

    def do_GET(self):
        if self.path == "/csrf-token/":
            body = b'{"token": "t"}'
            self.send_response(200)
            self.send_header("Set-Cookie", "csrftoken=c; Path=/")
        else:
            body = (
                '<form action="/comments/post/1/" data-comment-form>'
                f'<input name="issued" value="{issued_now()}"></form>'
            ).encode()
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_form_time_is_never_before_the_second_the_server_signed():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ArticleServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        target = target_read(f"http://127.0.0.1:{server.server_port}", "/a/")
    finally:
        server.shutdown()
        server.server_close()
    signed_second = signing.loads(target.issued, salt=ISSUED_SALT)
    # Counting from earlier would post before the check allows: held as a bot.
    assert target.issued_at >= signed_second
    assert target.post_path == "/comments/post/1/"
