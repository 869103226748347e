"""The web application's settings: database, secrets and the safety limits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Settings of one running application; every limit has a safe default."""

    database_url: str | None = None
    #: Signs session cookies and API tokens; a random key per start unless given.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    #: Served over HTTPS? "off"; "on" (always: Secure cookie, HSTS); "proxy" (behind a
    #: proxy that terminates TLS: the same, for requests it marks X-Forwarded-Proto: https).
    https: str = "off"
    cookie_secure: bool = False
    session_max_age: int = 8 * 3600
    token_max_age: int = 8 * 3600
    #: Failed logins of one name from one address before each next try waits, 30 s
    #: doubling up to ``login_max_delay``; an address scanning names is stopped after
    #: ``login_addr_attempts`` failures within the window (an office shares one address).
    login_attempts: int = 5
    login_window: float = 300.0
    login_max_delay: float = 900.0
    login_addr_attempts: int = 100
    max_upload_bytes: int = 20 * 1024 * 1024
    max_files_per_upload: int = 50
    #: A ZIP container (xlsx, docx) may unpack to at most this many bytes …
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: … and no member may be compressed more than this ratio (zip bombs reach 1000+).
    max_zip_ratio: int = 200
    max_sheet_rows: int = 20_000
    max_sheet_cols: int = 300
    max_text_lines: int = 200_000
    page_size: int = 50
    #: Dashboard figures, list counts and filter choices are recomputed after any write;
    #: without one, in the background after this many seconds (changes made outside jixiao).
    dashboard_cache_seconds: float = 30.0
    load_example: bool = False

    def __post_init__(self) -> None:
        """Refuse an unknown ``https`` mode at start-up rather than serve insecurely."""
        if self.https not in HTTPS_MODES:
            raise ValueError(f"https 应为 {'、'.join(HTTPS_MODES)} 之一,而不是“{self.https}”")


HTTPS_MODES = ("off", "on", "proxy")
#: One year, the usual HSTS lifetime (browsers then refuse plain HTTP to this host).
HSTS = "max-age=31536000"


def https_mode(value: str | None) -> str:
    """Given the value of ``JIXIAO_HTTPS`` or ``--https``, return the mode (1/true/yes mean "on")."""
    text = (value or "off").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return "on"
    if text in ("", "0", "false", "no", "off"):
        return "off"
    return text  # "proxy", or a typo WebSettings refuses
