"""
Outgoing POSTs to addresses editors typed in, which must not become a way
into the server's own network (SSRF):

    result = post("https://example.com/hook", body=b"{}", headers={...})
    result.status, result.error, result.body, result.duration_ms

- only http and https, no user name or password in the URL;
- the host is resolved once and every address it gives must be public
  (`is_global`, and no loopback, private, link-local, multicast, reserved or
  unspecified address, nor one of those inside an IPv4-mapped, 6to4 or NAT64
  address); the connection goes to an address that was checked, with the
  Host header and TLS SNI of the name, so DNS cannot change its answer
  between the check and the connection (rebinding);
- redirects are not followed (a 3xx is a failed attempt);
- one deadline for the whole exchange (connect, TLS, headers, body), and at
  most WEBHOOKS_RESPONSE_MAX_BYTES of the response are read.

WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True lifts the address rule (tests, an
intranet receiver); the rest still holds.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
READ_CHUNK = 8192
USER_AGENT = "Cliffhanger-Webhooks/1.0"

URL_SCHEME_REFUSED = "Only http:// and https:// addresses can receive webhooks."
URL_CREDENTIALS_REFUSED = "Put no user name or password in the address."
URL_HOST_MISSING = "The address has no host name."
URL_UNRESOLVED = "The host name {host} does not resolve."
# The address itself is not named: the form would map the internal network.
ADDRESS_NOT_PUBLIC = "{host} resolves to an address that is not a public address."


class AddressRefused(ValueError):
    """The URL may not be called: its scheme, or an address its host resolves to."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: list[str]


@dataclass(frozen=True)
class PostResult:
    status: int | None
    error: str
    body: bytes
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def private_addresses_allowed() -> bool:
    return settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES


def address_is_public(address: str) -> bool:
    """True when the address, and any IPv4 address carried inside it, is global."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return all(_global(candidate) for candidate in _with_embedded(ip))


def _with_embedded(ip):
    yield ip
    if ip.version == 6:
        if ip.ipv4_mapped:
            yield ip.ipv4_mapped
        if ip.sixtofour:
            yield ip.sixtofour
        if ip in NAT64:
            yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _global(ip) -> bool:
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def target_resolve(url: str) -> Target:
    """
    Check the URL and resolve its host once. Raises AddressRefused for another
    scheme, credentials, no host, a name that does not resolve, or (unless
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES) any address that is not public.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressRefused(URL_SCHEME_REFUSED)
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(URL_CREDENTIALS_REFUSED)
    try:
        host, port = parts.hostname, parts.port or SCHEMES[scheme]
    except ValueError as error:  # a port that is not a number
        raise AddressRefused(str(error)) from None
    if not host:
        raise AddressRefused(URL_HOST_MISSING)
    addresses = _resolve(host, port)
    if not private_addresses_allowed():
        for address in addresses:
            if not address_is_public(address):
                raise AddressRefused(ADDRESS_NOT_PUBLIC.format(host=host))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, addresses)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(URL_UNRESOLVED.format(host=host)) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise AddressRefused(URL_UNRESOLVED.format(host=host))
    return addresses


def _time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:  # raised before anything is sent: no delivery to mistake
        raise TimeoutError("the deadline passed before the request was sent")
    return left


def _connect(addresses: list[str], port: int, deadline: float) -> socket.socket:
    """A connection to the first checked address that answers, all of them
    sharing the one deadline (not a full timeout each)."""
    error: OSError = OSError("no address")
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), _time_left(deadline))
        except OSError as failed:
            error = failed
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked addresses; the Host header keeps the name."""

    def __init__(self, target: Target, timeout: float, deadline: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses, self._deadline = target.addresses, deadline

    def connect(self):
        self.sock = _connect(self._addresses, self.port, self._deadline)
        _time_left(self._deadline)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked addresses; SNI and certificate check use the name."""

    def __init__(self, target: Target, timeout: float, deadline: float):
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._addresses, self._deadline = target.addresses, deadline

    def connect(self):
        sock = _connect(self._addresses, self.port, self._deadline)
        sock.settimeout(_time_left(self._deadline))
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        _time_left(self._deadline)


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> PostResult:
    """
    POST `body` to `url` under the rules above. Never raises for the network's
    sake: a refusal, a timeout or a broken connection comes back as `error`.
    """
    timeout = timeout or float(settings.WEBHOOKS_TIMEOUT_SECONDS)
    max_bytes = max_bytes or settings.WEBHOOKS_RESPONSE_MAX_BYTES
    started = time.monotonic()
    try:
        target = target_resolve(url)
    except AddressRefused as refused:
        return PostResult(None, f"Refused: {refused}", b"", _ms_since(started))
    connection_class = (
        _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(target, timeout, deadline=started + timeout)
    watchdog = _Deadline(connection, started + timeout - time.monotonic())
    try:
        status, data = _exchange(connection, target, body, headers, max_bytes)
        if watchdog.fired:  # cut short: what was read is not the whole answer
            return PostResult(None, "Timed out", b"", _ms_since(started))
        return PostResult(status, "", data, _ms_since(started))
    except (OSError, http.client.HTTPException) as error:
        reason = "Timed out" if watchdog.fired else _describe(error)
        return PostResult(None, reason, b"", _ms_since(started))
    finally:
        watchdog.cancel()
        connection.close()


def _exchange(connection, target: Target, body, headers, max_bytes):
    all_headers = {
        "User-Agent": USER_AGENT,
        "Content-Type": "application/json",
        "Connection": "close",
        **headers,
    }
    connection.request("POST", target.path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = bytearray()
    while len(data) < max_bytes:
        chunk = response.read1(min(READ_CHUNK, max_bytes - len(data)))
        if not chunk:
            break
        data += chunk
    return response.status, bytes(data)


class _Deadline:
    """
    Shuts the connection's socket when the whole exchange outlasts `seconds`:
    a socket timeout bounds each read, not a receiver that drips a byte at a time.
    """

    def __init__(self, connection, seconds: float):
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self):
        # Still connecting: connect() itself stops at the deadline, before
        # sending. Only a socket shut here cut an exchange short.
        sock = self._connection.sock
        if sock is not None:
            self.fired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self):
        self._timer.cancel()


def _describe(error: Exception) -> str:
    if isinstance(error, TimeoutError):
        return "Timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(error, http.client.HTTPException):
        return f"Bad HTTP response: {type(error).__name__} {error}".strip()
    return f"{type(error).__name__}: {error}"[:300]


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
