"""Use cases: what a user asks jixiao to do, composed from the layers below.

The CLI and the web are thin twins over these functions; ``store`` below keeps
the schema, the mapping and the subject-named queries.
"""
