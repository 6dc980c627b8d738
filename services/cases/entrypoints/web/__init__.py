"""Server-rendered staff workspace (Jinja2, no script build): queue, case page, statistics.

Bahasa Indonesia by default, English with ?lang=en. Calls the same use cases and read
models as the JSON API, with the same configured deadline policy and clock (`../deps.py`).
"""
