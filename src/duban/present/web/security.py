"""The headers every answer carries: a content security policy that the pages and Plotly
satisfy without 'unsafe-inline', and its companions; and the Plotly bundle served."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from duban.errors import DubanError, NotFoundError

# Every answer's security headers (`security_headers`). Scripts and styles come only from
# /static: the pages carry no inline script, style or handler. Plotly adds its rules through
# the CSSOM to a <style> element it creates empty (allowed by the hash of ""), and its bundle
# writes a few fixed stylesheets (maplibre's) into <style> elements at load: each is allowed
# by its hash, read from the bundle served (`_plotly_stylesheets`).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' {style_hashes}",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
OTHER_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
PLOTLY_STYLE_LITERAL = re.compile(r"""createElement\("style"\)[^']{0,200}?\.textContent='([^'\\]*)'""")


def security_headers() -> dict[str, str]:
    """The headers every answer carries: the content security policy and its companions."""
    hashes = " ".join(f"'sha256-{_csp_hash(css)}'" for css in ("", *_plotly_stylesheets()))
    policy = "; ".join(CONTENT_SECURITY_POLICY).format(style_hashes=hashes)
    return {"Content-Security-Policy": policy, **OTHER_SECURITY_HEADERS}


def _csp_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _plotly_stylesheets() -> tuple[str, ...]:
    """The fixed stylesheets that the served plotly.min.js writes into <style> elements."""
    try:
        bundle = plotly_js_path().read_text(encoding="utf-8")
    except (DubanError, OSError):
        return ()
    return tuple(dict.fromkeys(PLOTLY_STYLE_LITERAL.findall(bundle)))


class SecurityHeaders:
    """Adds `security_headers()` to every answer: pages, API, exports, static files, errors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def plotly_js_path() -> Path:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise NotFoundError(f"{path}: plotly.min.js is missing from the installed plotly package")
    return path
