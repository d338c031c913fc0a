"""{{ document|document_url }}: a document's unguessable URL, for any app's templates (F30)."""
from django import template

from emitra.documents.access import document_url as _document_url

register = template.Library()


@register.filter
def document_url(document):
    return _document_url(document)
