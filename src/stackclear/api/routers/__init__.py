"""The API's routers, one per noun (yente's layout): thin handlers over the core."""
