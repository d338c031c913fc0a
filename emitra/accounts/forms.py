"""Forms of the accounts pages: DoIT registers department officers (F29)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.core.forms import DateField, Form
from emitra.sso.forms import sso_id_validator


class DepartmentOfficerForm(Form):
    """SSO ID, department and optionally one of its offices; the offices are grouped by
    department so that the page works without JavaScript. That the office is the
    department's own is the service's rule (accounts.services.add_department_officer)."""

    sso_id = forms.CharField(label=_("SSO ID of the person"), max_length=30, validators=[sso_id_validator],
                             help_text=_("The person must have signed in to e-Mitra once."))
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, empty_label=_("Choose the department"))
    office = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None,
                                    help_text=_("Leave it empty for an officer of the whole department."))

    def __init__(self, *args, **kwargs):
        from emitra.catalogue.models import Department, Office

        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(active=True).order_by("name_en")
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: d.name
        groups = {}
        for office in Office.objects.filter(active=True, department__active=True).select_related("department") \
                .order_by("department__name_en", "level", "name_en"):
            groups.setdefault(office.department.name, []).append((office.pk, office.name))
        self.offices = Office.objects.filter(active=True)
        self.fields["office"].choices = [("", _("Whole department"))] + list(groups.items())

    def clean_office(self):
        pk = self.cleaned_data.get("office")
        return None if pk is None else self.offices.get(pk=pk)


class AuditFilterForm(Form):
    """The DoIT audit log's filters (issue 2 req. 7): codes and dates checked like any typed
    text (issue 9 items 6, 7 and 18: no NUL or control character reaches the query, dates
    DD-MM-YYYY), each slip a message beside its field."""

    sso_id = forms.CharField(label=_("SSO ID"), required=False, max_length=60)
    kiosk = forms.CharField(label=_("Kiosk"), required=False, max_length=20)
    action = forms.CharField(label=_("Action"), required=False, max_length=60)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)
