"""Routes: pages (server-rendered) and the JSON API under /api."""
