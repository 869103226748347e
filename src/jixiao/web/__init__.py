"""The web application: FastAPI + Jinja2 pages and a JSON API (the only package importing FastAPI)."""
