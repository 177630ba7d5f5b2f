"""The API's routers, one module per noun (yente's layout): thin handlers over the core.

``records`` needs the records database (the ``db`` extra); the app includes it when it imports.
"""

ROUTER_MODULES = ("system", "screening", "classify", "evaluate", "lists", "records")

__all__ = ["ROUTER_MODULES"]
