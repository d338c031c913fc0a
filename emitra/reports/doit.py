"""The doit reports (issue 13 req. 1)."""
from emitra.reports import tickets
from emitra.reports.definition import DOIT

ROLE = DOIT

REPORTS = (tickets.doit_tickets,)
