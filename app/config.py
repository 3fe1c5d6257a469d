"""Configuration: safe defaults, overridden by the environment.

`HOPEMAP_ENV` picks the profile: ``production`` (the default for a WSGI server),
``development`` (what ``scripts/setup`` runs locally over plain HTTP) or ``testing``.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
SECRET_KEY_FILE = INSTANCE_DIR / "secret_key"
# The vault's keys (app/vault.py) when the environment gives none: "id:base64" per line, the
# first one current; and the blind indexes' key. Written once, 0600, by a development start.
VAULT_KEYS_FILE = INSTANCE_DIR / "vault_keys"
VAULT_INDEX_KEY_FILE = INSTANCE_DIR / "vault_index_key"

# Values that must never sign a production session: placeholders people copy from docs.
WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "please-change", "development"}
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The site refuses to start with this configuration."""


_PERIOD = re.compile(r"P(?=\d)(\d{1,4}Y)?(\d{1,4}M)?(\d{1,5}D)?")


def retention_periods(text: str) -> dict[str, str]:
    """RETENTION from the environment: "match_messages=P1Y, need_exact_place=P5Y" (ISO 8601
    years, months, days), for the privacy officer's periods (app/retention.py)."""
    periods: dict[str, str] = {}
    for item in text.split(","):
        kind, separator, period = (part.strip() for part in item.partition("="))
        if not item.strip():
            continue
        if not separator or not kind or not _PERIOD.fullmatch(period):
            raise ConfigurationError(
                f"RETENTION: {item.strip()!r} is not kind=period, e.g. match_messages=P1Y"
            )
        periods[kind] = period
    return periods


def triage_deadlines(text: str) -> dict[str, int | str]:
    """TRIAGE_DEADLINES from the environment: "emergency=same day, urgent=2, normal=7" (working
    days; app/workdays.py checks the levels and the numbers)."""
    deadlines: dict[str, int | str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        level, separator, days = (part.strip() for part in item.partition("="))
        if not separator or not level or not days:
            raise ConfigurationError(
                f"TRIAGE_DEADLINES: {item.strip()!r} is not level=days, e.g. urgent=2"
            )
        deadlines[level] = int(days) if days.isdigit() and len(days) <= 3 else days
    return deadlines


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _read_secret_key() -> str | None:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    return None


def _read_vault_setting(name: str, path: Path) -> str | None:
    if os.environ.get(name, "").strip():
        return os.environ[name]
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def _write_new_key_file(path: Path, content: str) -> str:
    """A new key file readable by its owner alone. Written aside, then linked into place, which
    fails when the file exists: two processes starting at once both use the one that won."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(content + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    finally:
        draft.unlink()
    return content


def _check_vault_keys(config: dict) -> None:
    from app.vault import KeyRing, KeyRingError

    try:
        KeyRing.parse(config["VAULT_KEYS"], config["VAULT_INDEX_KEY"])
    except KeyRingError as error:
        raise ConfigurationError(f"VAULT_KEYS or VAULT_INDEX_KEY: {error}") from None


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'hopemap.sqlite'}"


def default_jobs_url() -> str:
    # A file beside the database: the embedded queue needs no server (see app/jobs.py).
    return f"sqlite:///{INSTANCE_DIR / 'jobs.sqlite'}"


class BaseConfig:
    SQLALCHEMY_DATABASE_URI: str | None = None  # set by finalise() from DATABASE_URL
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    # Flask-Login's own default, said here: login rows older than this are pruned.
    REMEMBER_COOKIE_DURATION = timedelta(days=365)
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    FORCE_HTTPS = False  # a TLS-terminating proxy usually redirects; set true when it does not
    # How many proxies in front add X-Forwarded-For/-Proto/-Host; 0 believes none of them
    # (anyone could send them). The limits count by the address this gives (app/serving.py).
    FORWARDED_PROXIES = 0
    PREFERRED_URL_SCHEME = "https"

    # Forms and uploads
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024  # a whole request, files included
    # One form field that is not a file: the longest text a form takes is a story of 10,000
    # characters (at most 40 kB in UTF-8). A larger field is refused (413) before any check
    # reads it.
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    # A whole form sent URL-encoded (forms without files), where a Korean character takes nine
    # bytes: the largest such form (a proposal: a few texts of 4,000 characters and ticked
    # areas, under 200 kB) fits with room to spare.
    MAX_URLENCODED_FORM_SIZE = 512 * 1024

    # Languages: Korean first
    LANGUAGES = ("ko", "en")
    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    # Accounts
    PASSWORD_MIN_LENGTH = 12
    # Argon2id cost; RFC 9106's second recommended option (64 MiB, 3 passes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 2
    # A registration's emailed link works this long (and once); then the waiting registration,
    # its password hash included, is deleted (app.accounts.registration).
    REGISTRATION_LINK_HOURS = 48
    # A forgotten password's emailed link works this long, and once (app.accounts.password_reset):
    # short, since whoever reads the mailbox in that time can take the account.
    PASSWORD_RESET_HOURS = 2
    # A new email address's confirmation link works this long, and once.
    EMAIL_CHANGE_HOURS = 24
    # Where a person writes when their account was changed without them (the account emails
    # name it); without it they are sent to the site itself.
    SUPPORT_EMAIL: str | None = None
    # Who runs the site (the controller of personal data under the Personal Information
    # Protection Act), named on /privacy, /terms and /contact. Unset, those pages say so
    # rather than invent a name.
    SITE_OPERATOR: str | None = None

    # Rate limits (Flask-Limiter). memory:// counts inside one process: several server
    # processes need a shared store (redis://…), or gunicorn.conf.py refuses them
    # (app/serving.py).
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # "10 per minute" means in any 60 seconds: a fixed window lets 20 through across the turn
    # of a minute.
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    REGISTER_RATE_LIMIT = "5 per minute;30 per hour"
    # Asking for a password reset link (posts that passed the form's checks), and setting the
    # new password through one.
    PASSWORD_RESET_RATE_LIMIT = "5 per minute;30 per hour"  # noqa: S105  (not a password)
    # Per account and route: a new need or offer, match proposal, organisation, request to join
    # one, contest proposal, idea, comment, story or report (app/rate_limits.py).
    POSTING_RATE_LIMIT = "10 per minute;60 per hour"
    # Per account (else address): the place finder's name searches, sent as a person types.
    SEARCH_RATE_LIMIT = "60 per minute;600 per hour"
    # Per account: "download my data" is a bulk copy of personal data, and slow to build.
    DATA_DOWNLOAD_RATE_LIMIT = "5 per hour"
    # Per Open311 partner key (app/open311/api.py): a hotline's busiest hour is well inside it.
    OPEN311_RATE_LIMIT = "60 per minute;1000 per hour"
    # Said on the account deletion page: how long what the law makes us keep stays. The
    # operator's privacy officer confirms both (PIPA's safety standards ask at least 2 years of
    # access logs where welfare data of many people is held).
    HELP_RECORDS_KEPT_YEARS = 5
    # Confidential reports (app.reports.retention): years after closing before the words,
    # names, phones, photo and exact point are erased.
    REPORT_KEPT_YEARS = 3
    # Outreach visits and sweeps' households (app.visits.retention): years after the visit's
    # day (the sweep's last day) before notes, names, phones and addresses are erased.
    VISIT_KEPT_YEARS = 3
    # The font that prints Korean in PDFs (a round of visits): Debian's fonts-noto-cjk.
    PDF_FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    # Didimdol receipts (app.didimdol.receipts): the organisation entitled to issue donation
    # receipts (its id; none set, nobody can issue), the pledge kinds the law lets it receipt
    # (the others get a contribution certificate), and the years issued receipts are kept
    # (Corporate Tax Act art. 112-2: five years after the filing).
    DIDIMDOL_DONEE_ID: int | None = None
    DIDIMDOL_RECEIPT_KINDS: tuple[str, ...] = ("goods",)
    DIDIMDOL_RECEIPT_KEPT_YEARS = 5
    # A signboard may be issued once a donor was approved this many months, or redeemed this
    # many vouchers (app.didimdol.signboards).
    DIDIMDOL_SIGNBOARD_MONTHS = 6
    DIDIMDOL_SIGNBOARD_REDEMPTIONS = 20
    # Associations (app.didimdol.agreements, .invitations): the signed agreement's PDF, a CSV
    # list of member businesses, how long an invitation's link works, and the months after its
    # expiry that an invitation nobody accepted is kept (then erased with its sealed email).
    DIDIMDOL_AGREEMENT_MAX_BYTES = 8 * 1024 * 1024
    DIDIMDOL_INVITATION_LIST_MAX_BYTES = 1024 * 1024
    DIDIMDOL_INVITATION_DAYS = 30
    DIDIMDOL_INVITATION_KEPT_MONTHS = 6
    SWEEP_LIST_MAX_BYTES = 2 * 1024 * 1024  # a sweep's CSV list: 5,000 households fit well
    # The access log of views of personal records (app/access_log.py): its retention in days,
    # and the review page's burst flag: more distinct records than this per person and Seoul day.
    ACCESS_LOG_KEPT_DAYS = 730
    ACCESS_LOG_BURST_SUBJECTS = 50
    # Retention (app.retention; `flask retention rules` lists the kinds and their defaults): the
    # privacy officer's periods by kind, as ISO 8601 durations, e.g. {"match_messages": "P1Y"}.
    RETENTION: dict[str, str] = {}

    # Maps
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    MAP_TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
    # Only before any area is imported (the middle of South Korea, seen whole): from then on
    # every map opens on the imported areas' extent (app.areas.places.served_extent).
    MAP_CENTER = (36.4, 127.8)

    # Needs and offers
    PIN_GRID_METRES = 300  # public location of a need: centre of a cell this size (>= 300)
    NEED_LIFETIME_DAYS = 30  # a need expires unless its author renews it
    # A need's title and description are public only where its cell holds this many open
    # needs (or its author agreed): a lone need's own words could name its author.
    NEED_TEXT_MIN_NEIGHBOURS = 3
    UPLOAD_FOLDER = str(INSTANCE_DIR / "uploads")
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    PHOTO_MAX_PIXELS = 1600  # longest side after resizing for the web
    API_MAX_POINTS = 2000  # individual pins in one /api/pins answer; more is "truncated"
    # Browsers and proxies may reuse an /api/pins answer this long. Short, because a new pin
    # should show on the map at once (the counts behind it change in the pin's transaction).
    API_CACHE_SECONDS = 1  # a new pin must reach every map within a second, caches included
    # The map's tiles (/api/pins/tiles/…, app.map.tiles): pins close up per 256-pixel tile
    # (a view with its margin asks for about 30), and where the server keeps answers: "" with
    # CACHE_URL (in the process for memory://, at most MAP_TILE_CACHE_BYTES of bodies as kept:
    # gzipped from COMPRESS_MIN_SIZE bytes on; in its Redis, shared by every process, for
    # redis://), "local" in the process whatever CACHE_URL says, "redis://HOST:6379/DB" in
    # another Redis (each answer kept MAP_TILE_CACHE_SECONDS at most), "off" nowhere.
    MAP_TILE_MAX_POINTS = 500
    # On PostgreSQL, a tile not kept is read on an autocommit connection of its own, without
    # the pool's ping, BEGIN and ROLLBACK (app.map.tile_reads).
    TILE_READS_OWN_CONNECTIONS = True
    MAP_TILE_CACHE = os.environ.get("MAP_TILE_CACHE", "")
    MAP_TILE_CACHE_BYTES = 64 * 1024 * 1024
    MAP_TILE_CACHE_SECONDS = 60 * 60
    # How old each process's copy of the regions' versions may get (app.map.region_versions):
    # a pin written by another process reaches its tiles within this, well inside the second.
    MAP_REGION_VERSIONS_SECONDS = 0.4
    EXPORT_CACHE_SECONDS = 60  # the open-data files
    # The whole-city open-data files are built by a job into this folder (app.snapshots) and
    # served from it; filtered downloads are streamed. Off in the tests, whose rows change
    # within a test: the snapshots' own tests turn it on.
    OPEN_DATA_FOLDER = str(INSTANCE_DIR / "open-data")
    OPEN_DATA_SNAPSHOTS = True
    # Filtered downloads one server process streams at once (app.stream_slots). One: a stream
    # runs Python for every batch while its client reads, and two per process slowed `GET /`
    # more than one did while 8 downloads ran (bench/README.md, "Open data from plain rows":
    # median 528 ms against 310 ms on a loaded machine); the other threads serve pages.
    EXPORT_STREAMS_PER_PROCESS = 1
    FIGURES_CACHE_SECONDS = 300  # /figures: monthly counts, so minutes old is still right
    # Server-side cache (app/cache.py): memory:// (one process) or redis://HOST:PORT/DB, which
    # several server processes need to share entries and their invalidation.
    CACHE_URL = "memory://"
    # /ideas/accountability keeps its figures this long; an answer posted forgets them at once.
    IDEA_FIGURES_CACHE_SECONDS = 300
    # The home page's figures (organisations, people, neighbourhoods, help given): counting
    # the dongs with active pins reads every active pin, and a minute-old figure is still right.
    HOME_FIGURES_CACHE_SECONDS = 60
    # An area page's figures (needs and offers by category, organisations, ideas by stage).
    AREA_FIGURES_CACHE_SECONDS = 60
    MAP_START_ZOOM = 7  # with MAP_CENTER, before any area is imported
    MAP_MIN_ZOOM = 7  # the whole of Korea: the site is about Korean cities, not the world
    MAP_MAX_ZOOM = 18  # the tiles' deepest level (OpenStreetMap's and VWorld's alike)

    # Response compression (Flask-Compress). Data and static text only: HTML pages carry CSRF
    # tokens next to echoed input, which compression would expose to a BREACH-style attack.
    COMPRESS_MIMETYPES = [
        "application/geo+json",
        "application/json",
        "text/csv",
        "text/css",
        "text/javascript",
        "application/javascript",
    ]
    # gzip's fastest level: a map asks for pins on every move, and level 1 takes a quarter of
    # the time of the default (6) for about a third more bytes (still ~20 bytes a pin).
    # Browsers that offer zstd or Brotli get those first (Flask-Compress's order).
    COMPRESS_LEVEL = 1
    # Streamed downloads (filtered open data) are compressed a piece at a time as they go.
    # Flask-Compress leaves gzip out of this list by default; it is what every download tool
    # (curl --compressed, wget, pandas, R) understands, so it comes before deflate here.
    COMPRESS_ALGORITHM_STREAMING = ["zstd", "br", "gzip", "deflate"]

    # Consortium project contests
    ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024  # one PDF (under MAX_CONTENT_LENGTH, the request)
    ATTACHMENTS_PER_PROPOSAL = 5

    # Success stories
    STORY_PHOTOS_MAX = 4  # photos on one story
    # A story form carries up to STORY_PHOTOS_MAX photos of PHOTO_MAX_BYTES: its views raise the
    # request limit to this (Flask 3.1's per-request max_content_length); elsewhere it stays low.
    STORY_FORM_MAX_BYTES = 4 * 5 * 1024 * 1024 + 512 * 1024
    STORY_REPORTS_TO_HIDE = 3  # open reports from different readers that hide a story for review
    STORIES_PER_PAGE = 12
    FEATURED_STORIES_ON_HOME = 3
    STORY_FEED_ENTRIES = 30

    # Citizens' ideas
    IDEA_RESPONSE_DAYS = 14  # the city's target: an answer within this many days
    IDEAS_PER_PAGE = 20
    IDEA_SUGGESTIONS = 5  # similar ideas shown while a title is typed

    # The office clock (app/workdays.py): Korean public holidays, weekends and these declared
    # closures (YYYY-MM-DD, e.g. a city's temporary holiday; from the environment:
    # comma-separated) are not working days; office hours are in Seoul time.
    OFFICE_OPENS = "09:00"
    OFFICE_CLOSES = "18:00"
    OFFICE_CLOSURES: list[str] = []
    # Holidays of the package on which the offices work all the same (the operator's word
    # against the package's reading of the law), e.g. ["2026-05-01"].
    OFFICE_OPEN_DAYS: list[str] = []
    # A discovery report's deadline by triage level, in working days ("same day": the end of
    # office hours of the day it came, or of the next working day if it came after hours).
    TRIAGE_DEADLINES: dict[str, int | str] = {"emergency": "same day", "urgent": 2, "normal": 7}
    # An emergency nobody acknowledged in this many office hours goes to the gu's coordinator.
    ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS = 2

    # Didimdol oversight (app.didimdol.oversight): how far back the anomalies are looked for;
    # the Seoul hours counted as night for a redemption ([start, end), across midnight); how
    # many wrong codes a business typed in that time before it is listed.
    DIDIMDOL_OVERSIGHT_DAYS = 92
    DIDIMDOL_NIGHT_HOURS = (22, 6)
    DIDIMDOL_MANY_WRONG_CODES = 10

    # Email (notifications). No MAIL_SERVER: notifications stay on the site only.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_STARTTLS = False  # upgrade a plain connection with STARTTLS (port 587)
    MAIL_USE_SSL = False  # TLS from the first byte (port 465)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Hope Community Map <no-reply@localhost>"
    MAIL_TIMEOUT_SECONDS = 10
    MAIL_MAX_ATTEMPTS = 5  # then the email is marked failed; the notification stays on the site
    # A notification email the server did not take is tried again after this many seconds,
    # twice as long each time (60 s, 2, 4, 8 min), up to MAIL_MAX_ATTEMPTS tries in all.
    MAIL_RETRY_DELAY_SECONDS = 60
    # The site's public address for links in emails, feeds and exports, e.g.
    # https://hope.seoul.example; production refuses to start without one.
    SITE_URL = "http://127.0.0.1:8000"

    # Background jobs (app/jobs.py): sqlite:///FILE (embedded, the default: instance/jobs.sqlite)
    # or redis://HOST:PORT/DB (production, workers on several machines).
    JOBS_URL: str | None = None  # set by finalise()
    JOBS_WORKERS = 4  # threads of `flask jobs worker`: jobs wait on mail servers, not the CPU

    # Where the vendored front-end files live (filled by scripts/setup from the npm registry)
    VENDOR_STATIC = "vendor"

    SECRET_KEY: str | None = None

    # Settings an operator may set in the environment (strings; booleans as 1/0).
    FROM_ENVIRONMENT = (
        "RATELIMIT_STORAGE_URI",
        "LOGIN_RATE_LIMIT",
        "REGISTER_RATE_LIMIT",
        "PASSWORD_RESET_RATE_LIMIT",
        "POSTING_RATE_LIMIT",
        "DATA_DOWNLOAD_RATE_LIMIT",
        "OPEN311_RATE_LIMIT",
        "MAP_TILE_URL",
        "MAP_TILE_ATTRIBUTION",
        "MAIL_SERVER",
        "MAIL_USERNAME",
        "MAIL_PASSWORD",
        "MAIL_SENDER",
        "SITE_URL",
        "SUPPORT_EMAIL",
        "SITE_OPERATOR",
        "UPLOAD_FOLDER",  # several app servers share one (a network file system)
        "OPEN_DATA_FOLDER",  # as UPLOAD_FOLDER: where the job writes, every server reads
        "PDF_FONT_PATH",
        "JOBS_URL",
        "CACHE_URL",  # redis://… in production: cached figures and map tiles for all processes
        "OFFICE_OPENS",
        "OFFICE_CLOSES",
        "OFFICE_CLOSURES",
        "OFFICE_OPEN_DAYS",
    )
    # Numbers an operator may set in the environment.
    INTEGERS_FROM_ENVIRONMENT = (
        "ACCESS_LOG_KEPT_DAYS",
        "ACCESS_LOG_BURST_SUBJECTS",
        "REPORT_KEPT_YEARS",
        "VISIT_KEPT_YEARS",
        "DIDIMDOL_DONEE_ID",
        "DIDIMDOL_RECEIPT_KEPT_YEARS",
        "DIDIMDOL_SIGNBOARD_MONTHS",
        "DIDIMDOL_SIGNBOARD_REDEMPTIONS",
        "DIDIMDOL_INVITATION_DAYS",
        "DIDIMDOL_INVITATION_KEPT_MONTHS",
        "FORWARDED_PROXIES",
        "PIN_GRID_METRES",
        "NEED_LIFETIME_DAYS",
        "NEED_TEXT_MIN_NEIGHBOURS",
        "MAIL_PORT",
        "REGISTRATION_LINK_HOURS",
        "PASSWORD_RESET_HOURS",
        "EMAIL_CHANGE_HOURS",
        "STORY_REPORTS_TO_HIDE",
        "IDEA_RESPONSE_DAYS",
        "MAIL_TIMEOUT_SECONDS",
        "MAIL_MAX_ATTEMPTS",
        "JOBS_WORKERS",
        "EXPORT_STREAMS_PER_PROCESS",
        "ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS",
    )

    @classmethod
    def finalise(cls, config: dict) -> None:
        """Read the environment into `config` and refuse unsafe settings."""
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            os.environ.get("DATABASE_URL") or default_database_url()
        )
        config["JOBS_URL"] = default_jobs_url()
        for name in cls.FROM_ENVIRONMENT:
            if os.environ.get(name):
                config[name] = os.environ[name]
        for name in cls.INTEGERS_FROM_ENVIRONMENT:
            if os.environ.get(name):
                config[name] = int(os.environ[name])
        if os.environ.get("RETENTION", "").strip():
            config["RETENTION"] = retention_periods(os.environ["RETENTION"])
        if os.environ.get("TRIAGE_DEADLINES", "").strip():
            config["TRIAGE_DEADLINES"] = triage_deadlines(os.environ["TRIAGE_DEADLINES"])
        if config["PIN_GRID_METRES"] < 300:
            raise ConfigurationError("PIN_GRID_METRES must be at least 300 (metres)")
        for name in (
            "SESSION_COOKIE_SECURE",
            "REMEMBER_COOKIE_SECURE",
            "FORCE_HTTPS",
            "MAIL_USE_STARTTLS",
            "MAIL_USE_SSL",
        ):
            config[name] = _env_bool(name, config[name])
        config["SECRET_KEY"] = _read_secret_key()
        config["VAULT_KEYS"] = _read_vault_setting("VAULT_KEYS", VAULT_KEYS_FILE)
        config["VAULT_INDEX_KEY"] = _read_vault_setting("VAULT_INDEX_KEY", VAULT_INDEX_KEY_FILE)


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"

    @classmethod
    def finalise(cls, config: dict) -> None:
        super().finalise(config)
        key = config["SECRET_KEY"] or ""
        if key.strip().lower() in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                "SECRET_KEY is missing or weak: set SECRET_KEY to at least "
                f"{MIN_SECRET_LENGTH} random characters (python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))') or run scripts/setup, which writes "
                "instance/secret_key."
            )
        if not os.environ.get("SITE_URL", "").strip():
            # Else every feed entry, export and email would link to the development address.
            raise ConfigurationError(
                "SITE_URL is missing: set it to the site's public address, such as "
                "https://hope.seoul.example, for the links in feeds, exports and emails."
            )
        if not config["VAULT_KEYS"] or not config["VAULT_INDEX_KEY"]:
            # Never a new key here: the data already sealed would be lost with the old one.
            raise ConfigurationError(
                'The vault\'s keys are missing: set VAULT_KEYS ("k1:BASE64", the current key '
                "first) and VAULT_INDEX_KEY (BASE64), or restore instance/vault_keys and "
                "instance/vault_index_key. A new key: python3 -c 'import base64, secrets; "
                "print(base64.b64encode(secrets.token_bytes(32)).decode())'. Without the keys "
                "that sealed them, the stored phone numbers and messages cannot be read."
            )
        _check_vault_keys(config)


class DevelopmentConfig(BaseConfig):
    """Local use over plain http://127.0.0.1: cookies cannot be marked Secure there."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"

    @classmethod
    def finalise(cls, config: dict) -> None:
        super().finalise(config)
        if not config["SECRET_KEY"]:
            # Ephemeral: sessions end with the process, which is fine for local trials.
            config["SECRET_KEY"] = secrets.token_urlsafe(48)
        # Kept in instance/, unlike the secret key: a lost vault key loses the data it sealed.
        from app.vault import new_key

        if not config["VAULT_KEYS"]:
            config["VAULT_KEYS"] = _write_new_key_file(VAULT_KEYS_FILE, f"k1:{new_key()}")
        if not config["VAULT_INDEX_KEY"]:
            config["VAULT_INDEX_KEY"] = _write_new_key_file(VAULT_INDEX_KEY_FILE, new_key())
        _check_vault_keys(config)


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False  # the CSRF tests switch it back on
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    ARGON2_PARALLELISM = 1
    # Tests roll their rows back: figures kept from another test's rows would be wrong. The
    # cache's own tests switch it on.
    IDEA_FIGURES_CACHE_SECONDS = 0
    HOME_FIGURES_CACHE_SECONDS = 0
    AREA_FIGURES_CACHE_SECONDS = 0
    OPEN_DATA_SNAPSHOTS = False  # their tests turn them on (tests/map/test_export_snapshots.py)
    # The test client may leave a streamed download unread and unclosed, which a real server
    # never does: its slot would stay taken for the rest of the run. The cap's own tests set
    # the cap and start from no stream (tests/map/test_export_snapshots.py).
    EXPORT_STREAMS_PER_PROCESS = 1_000_000
    # Tests roll back on one connection, which another could not read from; the tile reads'
    # own test switches them on (tests/map/test_tile_reads.py).
    TILE_READS_OWN_CONNECTIONS = False

    @classmethod
    def finalise(cls, config: dict) -> None:
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            os.environ.get("TEST_DATABASE_URL") or "sqlite://"
        )
        # A queue in memory, of this app alone; tests that run jobs give a file (tests/jobs.py).
        config["JOBS_URL"] = "memory://"
        config["SECRET_KEY"] = "testing-secret-key-that-is-long-enough-for-tests"  # noqa: S105
        # Fixed test keys (never used elsewhere): tests that rotate install their own ring.
        config["VAULT_KEYS"] = "test1:" + "dGVzdC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZy4uLi4="
        config["VAULT_INDEX_KEY"] = "dGVzdC1pbmRleC1rZXktMzItYnl0ZXMtbG9uZy4uLi4="


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


PROFILES: dict[str, type[BaseConfig]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def select_config(name: str | None = None) -> type[BaseConfig]:
    name = (name or os.environ.get("HOPEMAP_ENV") or "production").strip().lower()
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigurationError(
            f"Unknown HOPEMAP_ENV {name!r}; use one of {', '.join(PROFILES)}"
        ) from None
