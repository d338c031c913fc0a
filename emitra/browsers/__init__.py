"""Tests of the portal in every kind of browser (issue 12 reqs 5, 7, 8, 9): axe-core in
Chromium, Firefox, a text browser, and the server under reloads and slow clients.
No models, no views: only tests and their helpers."""
