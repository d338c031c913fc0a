"""Exports written in the background (issue 13 req. 3; F12).

ask() finds the export of the same fingerprint that is queued or running, or makes one and
enqueues its task after commit; write() is the task's work: it claims the export with one
conditional UPDATE (queued -> running, so a task delivered twice writes once), writes the
file through the same code as a streamed export, records its progress every few thousand
rows, and keeps the file in the default storage. Exports older than a day are removed,
with their files, whenever another is asked for.
"""
import hashlib
import json
import logging
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from emitra.reports import engine, exports, registry, scopes
from emitra.reports.models import KEEP, ReportExport

log = logging.getLogger("emitra.reports")
State = ReportExport.State


def fingerprint(person, report, scope_ref, params, fmt):
    text = json.dumps([person.pk, report.role, report.slug, scope_ref, sorted(params.items()), fmt])
    return hashlib.sha256(text.encode()).hexdigest()


def ask(person, report, scope_ref, params, fmt, language):
    """The export of these rows in this format: the one already under way, or a new one."""
    sweep()
    finger = fingerprint(person, report, scope_ref, params, fmt)
    running = ReportExport.objects.filter(fingerprint=finger, state__in=[State.QUEUED, State.RUNNING]).first()
    if running:
        return running
    try:
        with transaction.atomic():
            export = ReportExport.objects.create(person=person, role=report.role, slug=report.slug, scope=scope_ref,
                                                 params=params, format=fmt, fingerprint=finger, language=language)
    except IntegrityError:  # asked for at the same moment by another request: that one
        return ReportExport.objects.get(fingerprint=finger, state__in=[State.QUEUED, State.RUNNING])
    transaction.on_commit(lambda: enqueue(export.pk))
    return export


def enqueue(export_id):
    from emitra.reports.tasks import write_export

    write_export.enqueue(export_id)


def write(export_id):
    """Write the export's file (the task)."""
    if not ReportExport.objects.filter(pk=export_id, state=State.QUEUED).update(state=State.RUNNING):
        return
    export = ReportExport.objects.get(pk=export_id)
    try:
        report = registry.get(export.role, export.slug)
        scope = scopes.from_reference(export.role, export.scope)
        with translation.override(export.language):
            result = engine.run(report, scope, export.scope, export.params, page=False)
            ReportExport.objects.filter(pk=export_id).update(rows_total=result.count)

            def progress(n):
                ReportExport.objects.filter(pk=export_id).update(rows_done=n)

            name = default_storage.save(f"report-exports/{export.pk}-{report.slug}.{export.format}",
                                        File(_file(export.format, result, scopes.label(export.role, scope),
                                                   progress)))
    except Exception as e:  # the person sees that it failed; the log has why
        log.exception("export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(state=State.FAILED, error=str(e)[:300],
                                                         finished=timezone.now())
        return
    ReportExport.objects.filter(pk=export_id).update(state=State.DONE, file=name, rows_done=result.count,
                                                     finished=timezone.now())


def _file(fmt, result, label, progress):
    if fmt == "xlsx":
        return exports.xlsx_file(result, label, progress)
    handle = tempfile.TemporaryFile()
    if fmt == "csv":
        for text in exports.csv_stream(result, progress):
            handle.write(text.encode("utf-8"))
    else:
        handle.write(exports.pdf_bytes(result, label))
    handle.seek(0)
    return handle


def sweep():
    """Remove the exports (and files) older than a day."""
    for export in ReportExport.objects.filter(created__lt=timezone.now() - KEEP)[:50]:
        if export.file:
            default_storage.delete(export.file)
        export.delete()
