from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Mosty API", version="1.0.0", urls_namespace="api-1.0.0", docs_url="/docs")
