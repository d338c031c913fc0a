from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.catalogue.models import Department
from emitra.core.forms import Form
from emitra.deptapi.models import SCOPES


class IssueClientForm(Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.filter(active=True),
                                        empty_label=_("Choose the department"))
    scopes = forms.MultipleChoiceField(label=_("What its system may do"), choices=list(SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple, initial=list(SCOPES))
