"""The lsp reports (issue 13 req. 1)."""
from emitra.reports import tickets
from emitra.reports.definition import LSP

ROLE = LSP

REPORTS = (tickets.lsp_tickets,)
