"""Every report by role and slug (issue 13 req. 1): the Reports menu of each role lists these,
in the order each role's module gives them."""
from emitra.reports import dept, doit, kiosk, lsp

_REPORTS = {module.ROLE: {report.slug: report for report in module.REPORTS} for module in (kiosk, lsp, dept, doit)}


def of_role(role):
    return list(_REPORTS[role].values())


def get(role, slug):
    return _REPORTS[role].get(slug)


def every():
    return [report for reports in _REPORTS.values() for report in reports.values()]
