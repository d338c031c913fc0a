"""Pages drawn as PDF by WeasyPrint (F14), which shapes Devanagari with the system's Noto fonts.

A PDF's look comes from the portal's own static stylesheets, never from a
<style> block in the template (issue 9 item 9: no template carries inline
style). Nothing is fetched from the network or the disk while drawing: images
are data: URIs and the stylesheets are read here.
"""
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(template, context, *, stylesheets, request=None):
    """The PDF bytes of `template` with the static `stylesheets` ("emitra/emitra.css" ...), in order."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    fetcher = URLFetcher(allowed_protocols=["data"])
    sheets = [CSS(string=Path(finders.find(name)).read_text(encoding="utf-8"), url_fetcher=fetcher)
              for name in stylesheets]
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=sheets)
