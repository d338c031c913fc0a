"""The lsp reports (issue 13 req. 1)."""
from emitra.reports.definition import LSP

ROLE = LSP

REPORTS = ()
