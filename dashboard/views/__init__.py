"""The dashboard's pages, one script each, run by ``dashboard/app.py`` through ``st.navigation``.

They live here, not in ``pages/``: Streamlit treats a ``pages/`` folder beside the
entry script as an old-style multipage app and runs a page opened by its URL
without the entry script (no sidebar, no filters).
"""
