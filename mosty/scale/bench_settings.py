"""Settings of the benchmark server: production settings plus the query counter and the ceiling view.

DJANGO_SETTINGS_MODULE=mosty.scale.bench_settings gunicorn mosty.wsgi ...   (see bench/run.py)
"""

from __future__ import annotations

import os

from mosty.settings import *  # noqa: F403
from mosty.settings import MIDDLEWARE

os.environ["MOSTY_BENCH"] = "1"
# First, so it counts the queries of every middleware too (sessions, authentication).
MIDDLEWARE = ["mosty.scale.bench.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "mosty.scale.bench_urls"
