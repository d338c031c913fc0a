"""The dept reports (issue 13 req. 1)."""
from emitra.reports.definition import DEPT

ROLE = DEPT

REPORTS = ()
