"""The thin web layer: routes, views, middleware and rendering."""
