"""Settings shared by every environment. Deployment values come from the environment."""

import os
from pathlib import Path

from .environment import env, sendfile_backend

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "site_cms",
    "schools",
    "events",
    "roadmaps",
    "curriculum",
    "practices",
    "indicators",
    "skills",
    "support",
    "attendance",
    "search",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",  # the template of /sitemap.xml
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "site_cms.middleware.PublicPageCacheMiddleware",
    "site_cms.middleware.KeptSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "site_cms.password_throttle.PasswordThrottleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "site_cms.context_processors.low_vision",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": 60,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while an editor publishes; the pragmas keep SQLite fast and safe.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
# Seconds a rendered public page stays in the cache; publishing invalidates it at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# Seconds the site search keeps an answer for the same words; publishing invalidates it too.
SEARCH_RESULTS_CACHE_SECONDS = env.int(
    "SEARCH_RESULTS_CACHE_SECONDS", default=PUBLIC_PAGE_CACHE_SECONDS
)
# Seconds the parts every page draws (the site, the menus) are kept, also with the page cache
# off; publishing invalidates them. Unset: as long as pages (``page_cache.shared_parts_seconds``).
SHARED_PARTS_CACHE_SECONDS = env.int("SHARED_PARTS_CACHE_SECONDS", default=None)

# Password guessing (site_cms/password_throttle.py): this many wrong passwords for one account
# (or page/collection restriction), or from one address, lock it for PASSWORD_LOCKOUT_SECONDS.
PASSWORD_ATTEMPTS_LIMIT = env.int("PASSWORD_ATTEMPTS_LIMIT", default=5)
PASSWORD_ATTEMPTS_PER_IP = env.int("PASSWORD_ATTEMPTS_PER_IP", default=20)
PASSWORD_LOCKOUT_SECONDS = env.int("PASSWORD_LOCKOUT_SECONDS", default=900)
# Proxies in front of the site that append to X-Forwarded-For (site_cms/client_ip.py); with 0
# the client's address is REMOTE_ADDR and the header is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
# Russian for what Wagtail's admin leaves in English or builds ungrammatically.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Whether Django itself serves MEDIA_URL (the dev server, DEBUG on or off); a proxy does otherwise.
SERVE_MEDIA = False
# Documents are private (site_cms/private_storage.py): kept outside MEDIA_ROOT, which the proxy
# serves to anyone, and handed out only by Wagtail's permission-checked view /documents/<id>/<name>.
# Images stay public in MEDIA_ROOT: pages show them and their renditions to every visitor.
PRIVATE_MEDIA_ROOT = os.path.abspath(
    env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {"BACKEND": "site_cms.private_storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# How the view sends a permitted file: "python" streams it itself; "nginx" (X-Accel-Redirect to
# the proxy's internal location SENDFILE_URL) or "xsendfile" (Apache, lighttpd) leave it to the
# proxy, which reads it from PRIVATE_MEDIA_ROOT (docs/deployment.md).
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
SENDFILE_URL = env.str("SENDFILE_URL", default="/_private")
if backend := sendfile_backend("python"):
    SENDFILE_BACKEND = backend

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# What an imported table may hold, checked before it is read (site_cms/importing/). A real ВПР
# protocol: 3 MB, 26,700 rows, 1.3 million cells. A summary CSV of results is read in chunks, so
# only time grows with it: a million rows (140 MB) import in under a minute.
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=20 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=3_000_000)
IMPORT_MAX_SUMMARY_FILE_SIZE = env.int("IMPORT_MAX_SUMMARY_FILE_SIZE", default=300 * 1024 * 1024)
IMPORT_MAX_SUMMARY_ROWS = env.int("IMPORT_MAX_SUMMARY_ROWS", default=2_000_000)
# What a zip archive (XLSX, DOCX, PPTX, ODF; imported or uploaded) may inflate to in all.
ARCHIVE_MAX_UNCOMPRESSED_SIZE = env.int("ARCHIVE_MAX_UNCOMPRESSED_SIZE", default=256 * 1024 * 1024)

# Slow work runs in a worker (`manage.py db_worker`), queued in the database: collection PDFs,
# bulk school provisioning, e-mail, search indexing, and Wagtail's own reference index.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Every e-mail is queued as a task (site_cms/mail.py); the worker sends it with this backend.
EMAIL_BACKEND = "site_cms.mail.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

# Event registrations (events/): a seat is held only once the visitor follows the e-mailed link
# within REGISTRATION_CONFIRM_HOURS; registrations are deleted REGISTRATION_RETENTION_DAYS after
# the event (`purge_registrations`, daily); one address (IP) and one e-mail may send at most
# REGISTRATION_RATE_LIMIT forms per REGISTRATION_RATE_WINDOW seconds.
REGISTRATION_CONFIRM_HOURS = env.int("REGISTRATION_CONFIRM_HOURS", default=48)
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=90)
REGISTRATION_RATE_LIMIT = env.int("REGISTRATION_RATE_LIMIT", default=5)
REGISTRATION_RATE_WINDOW = env.int("REGISTRATION_RATE_WINDOW", default=3600)

# Wagtail
WAGTAIL_SITE_NAME = "Портал поддержки школ"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# --- The admin's branding and avatars (templates/wagtailadmin/ brands it with the institute) ---
# No Gravatar: its images need the network, which closed networks lack, and the CSP blocks them
# on public pages (the editors' userbar). Avatars are uploaded ones or Wagtail's own default.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# --- end of the admin's branding and avatars ---
# The site search (search/): the database backend unless Elasticsearch is configured.
PORTAL_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default=None)
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX": env.str("ELASTICSEARCH_INDEX", default="portal"),
    }
    PORTAL_SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    PORTAL_SEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="portal") + "-search"
WAGTAILDOCS_DOCUMENT_MODEL = "practices.Material"
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx", "ppt", "docx", "doc", "xlsx", "odp", "odt", "ods", "mp4"]
# One document's size limit; practices/uploads.py also checks each file's content against its
# extension. The proxy in front of the site must accept bodies at least this large.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practices.material_forms.MaterialForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# No SVG: it can carry scripts. The pixel limit is Pillow's decompression-bomb guard, made explicit.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# A workflow's final approval publishes the page even when the approver may not publish:
# experts review practices without any right to publish (practices/workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "practices.workflow.publish_approved"

# Content security policy: everything from this site; embeds from the video hosts editors use.
EMBED_FRAME_SOURCES = ["https://rutube.ru", "https://vk.com", "https://vkvideo.ru"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}

# The version for the visually impaired keeps its choices in this cookie for a year.
LOW_VISION_COOKIE = "low_vision"
LOW_VISION_COOKIE_AGE = 365 * 24 * 60 * 60

DEBUG = env.bool("DEBUG", default=False)

# Schools: a section not updated for this many days is stale; editors are reminded at most
# once per reminder interval.
SCHOOL_SECTION_STALE_DAYS = env.int("SCHOOL_SECTION_STALE_DAYS", default=30)
SCHOOL_SECTION_REMINDER_INTERVAL_DAYS = env.int("SCHOOL_SECTION_REMINDER_INTERVAL_DAYS", default=7)

# Indicators: thresholds of the rules in indicators/rules/identification.py, dynamics.py (README).
# Rule A: a share of failing results (ВПР mark 2, ОГЭ/ЕГЭ below the minimum) at least this large
# in Russian or mathematics, in two procedures of one year or in each of this many years.
SHNOR_FAILING_SHARE = env.float("SHNOR_FAILING_SHARE", default=0.30)
SHNOR_CONSECUTIVE_YEARS = env.int("SHNOR_CONSECUTIVE_YEARS", default=2)
SHNOR_SUBJECTS = ["Русский язык", "Математика"]
# Rule B: the school's mean below the region's in each of this many last years.
SHNOR_BELOW_MEAN_YEARS = env.int("SHNOR_BELOW_MEAN_YEARS", default=3)
# A result of fewer participants says nothing about a school: the rules skip it.
RESULTS_MIN_PARTICIPANTS = env.int("RESULTS_MIN_PARTICIPANTS", default=5)
# A year-over-year change counts only beyond this margin (share points, or relative for means).
DYNAMICS_NOISE_MARGIN = env.float("DYNAMICS_NOISE_MARGIN", default=0.05)
# A school page lists a task among the school's strong or weak skills when its success rate is
# at least this many percentage points above or below the region's (skills/deficits.py).
TASK_DEFICIT_GAP = env.float("TASK_DEFICIT_GAP", default=15)

# Honest verdicts per school (docs/verdicts.md). A year-over-year change is judged by its 95 %
# interval ("interval") or by DYNAMICS_NOISE_MARGIN ("margin").
DYNAMICS_METHOD = env.str("DYNAMICS_METHOD", default="interval")
DYNAMICS_CONFIDENCE = env.float("DYNAMICS_CONFIDENCE", default=0.95)
# Public pages, charts and open data show no shares of a result of fewer participants;
# coordinators see everything in the admin.
RESULTS_PUBLIC_MIN_PARTICIPANTS = env.int("RESULTS_PUBLIC_MIN_PARTICIPANTS", default=10)
# Signals to look at (not verdicts): the share of pupils whose ВПР mark is above (raised) or
# below (lowered) their journal mark, among the pupils compared, at least this large.
OBJECTIVITY_RAISED_SHARE = env.float("OBJECTIVITY_RAISED_SHARE", default=0.15)
OBJECTIVITY_LOWERED_SHARE = env.float("OBJECTIVITY_LOWERED_SHARE", default=0.5)
