"""The doit reports (issue 13 req. 1)."""
from emitra.reports.definition import DOIT

ROLE = DOIT

REPORTS = ()
