# Sphinx configuration for the Teredo module's documentation, built standalone:
#   sphinx-build -W --keep-going -b html doc build/doc-html
# (CTest's doc.sphinx runs exactly that). Only what Debian bookworm's
# python3-sphinx (5.3) ships: no extensions, a built-in theme, no network.
# Inside an ns-3 source tree, ns-3's own documentation build includes
# teredo.rst instead and ignores this file.

project = "ns-3 Teredo"
copyright = "the ns-3 Teredo authors, GPL-2.0-only"
author = "the ns-3 Teredo authors"
version = "0.1"
release = "0.1.0"

root_doc = "index"
master_doc = root_doc  # the pre-4.0 name of the same setting
extensions = []
exclude_patterns = ["_build"]
highlight_language = "cpp"

# 'classic' comes with sphinx-common, which python3-sphinx depends on.
html_theme = "classic"
html_title = "ns-3 Teredo module"
html_static_path = []
html_last_updated_fmt = None
