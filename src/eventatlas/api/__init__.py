"""The REST API: a FastAPI application over the store (``create_app``) and the web page.

Example::

    app = create_app(load_settings(), "eventatlas.db", api_key="s3cret")
    uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from eventatlas.api.app import create_app
from eventatlas.api.context import ApiOptions

__all__ = ["ApiOptions", "create_app"]
