"""The background export task (issue 13 req. 3): takes the export's id, re-reads the row (STYLE 7)."""
from django_tasks import task


@task()
def write_export(export_id):
    from emitra.reports import background

    background.write(export_id)
    return "done"
