"""The Streamlit dashboard: pages that render the catalogue's analyses.

The app is started by :mod:`branchgraph.launcher`, whose entry script
(:mod:`branchgraph.webapp`) resolves the settings and hands :func:`dashboard.app.main`
a :class:`dashboard.state.Services`: the store, the analysis settings and the loading
functions. This package imports only :mod:`queries` and :mod:`graphmodel` below it.
"""
