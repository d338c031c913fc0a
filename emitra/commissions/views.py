"""DoIT's commission pages under /doit/commissions/ (issue 10 req. 1, 2, 5; F8): the rules and
their history, a new rule, a rule's next version, a draft's preview and its publishing with a
sealed confirmation, and the volume tiers. Thin: parse, fetch, call one service, render."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required
from emitra.commissions import forms, rules, services, tiers
from emitra.commissions.models import CommissionRule, RuleVersion, TierScale
from emitra.core import confirmation
from emitra.network.models import Kiosk


def _fail(form, error):
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _rule(pk):
    return get_object_or_404(CommissionRule.objects.select_related("service", "department"), pk=pk)


def _version(pk, number):
    return get_object_or_404(RuleVersion.objects.select_related("rule", "rule__service", "rule__department",
                                                                "created_by", "published_by"),
                             rule_id=pk, number=number)


@doit_required
def index(request):
    """Every rule, with the version in force today and any draft waiting (req. 1)."""
    today = timezone.localdate()
    versions = {}
    for v in RuleVersion.objects.select_related("rule").order_by("rule_id", "number"):
        versions.setdefault(v.rule_id, []).append(v)
    rows = []
    for rule in CommissionRule.objects.select_related("service", "department"):
        mine = versions.get(rule.pk, [])
        published = [v for v in mine if v.status == RuleVersion.Status.PUBLISHED]
        rows.append({"rule": rule, "in_force": services.version_in_force(published, today),
                     "draft": next((v for v in mine if v.status == RuleVersion.Status.DRAFT), None),
                     "count": len(mine)})
    return render(request, "commissions/doit_rules.html", {
        "rows": rows, "today": today, "back_url": reverse("network:doit_home")})


@doit_required
def rule_new(request):
    """A new rule and its first version, saved as a draft (req. 1)."""
    form = forms.RuleForm(request.POST or None, tier_codes=services.tier_codes(),
                          initial={"valid_from": timezone.localdate(), "remainder_to": "kiosk",
                                   "bearer": "department", "formula": "flat", "scope": "all", "category": "any"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_rule(by=request.person, name=data["name"], name_hi=data["name_hi"],
                                           scope=data["scope"],
                                           service=data["service"], department=data["department"],
                                           category=data["category"], tier_code=data["tier_code"], **form.terms())
        except services.RuleInvalid as e:
            _fail(form, e)
        else:
            messages.success(request, _("The rule is saved as a draft. Preview it, then publish it."))
            return redirect("commissions:version", pk=version.rule_id, number=version.number)
    return render(request, "commissions/doit_rule_form.html", {
        "form": form, "title": _("A new commission rule"), "action": reverse("commissions:rule_new"),
        "back_url": reverse("commissions:index")}, status=400 if form.errors else 200)


@doit_required
def rule(request, pk):
    """A rule and its whole history of versions (req. 1: the history stays browsable)."""
    rule = _rule(pk)
    versions = list(rule.versions.select_related("created_by", "published_by").order_by("-number"))
    published = [v for v in versions if v.status == RuleVersion.Status.PUBLISHED]
    return render(request, "commissions/doit_rule.html", {
        "rule": rule, "versions": versions, "in_force": services.version_in_force(published, timezone.localdate()),
        "draft": next((v for v in versions if v.status == RuleVersion.Status.DRAFT), None),
        "back_url": reverse("commissions:index")})


@doit_required
def version_new(request, pk):
    """The rule's next version, a draft from a date, starting from the latest version's terms."""
    rule = _rule(pk)
    form = forms.TermsForm(request.POST or None, initial=services.next_version_terms(rule))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.new_version(rule, by=request.person, **form.terms())
        except services.RuleInvalid as e:
            _fail(form, e)
        else:
            messages.success(request, _("The new version is saved as a draft. Preview it, then publish it."))
            return redirect("commissions:version", pk=rule.pk, number=version.number)
    return render(request, "commissions/doit_rule_form.html", {
        "form": form, "rule": rule, "title": _("A new version of %(rule)s") % {"rule": rule.local_name},
        "action": reverse("commissions:version_new", args=[rule.pk]),
        "back_url": reverse("commissions:rule", args=[rule.pk])}, status=400 if form.errors else 200)


@doit_required
def version_edit(request, pk, number):
    """Change a draft. A published version is never edited (req. 1): its page says so instead."""
    version = _version(pk, number)
    if version.status != RuleVersion.Status.DRAFT:
        messages.error(request, _("A published rule version is never edited; make a new version."))
        return redirect("commissions:version", pk=pk, number=number)
    initial = {name: getattr(version, name) for name in services.TERMS}
    form = forms.TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(version, by=request.person, **form.terms())
        except services.RuleInvalid as e:
            _fail(form, e)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("commissions:version", pk=pk, number=number)
    return render(request, "commissions/doit_rule_form.html", {
        "form": form, "rule": version.rule, "version": version,
        "title": _("Change the draft %(version)s") % {"version": version.label},
        "action": reverse("commissions:version_edit", args=[pk, number]),
        "back_url": reverse("commissions:version", args=[pk, number])}, status=400 if form.errors else 200)


def _preview(request, version):
    """The preview form and, when it is filled in, what the payment earns under version (req. 2)."""
    if "amount" not in request.GET:
        initial = {"service": version.rule.service_id, "kiosk": Kiosk.objects.values_list("code", flat=True).first()}
        return forms.PreviewForm(initial=initial, auto_id="p_%s"), None, None
    form = forms.PreviewForm(request.GET, auto_id="p_%s")
    if not form.is_valid():
        return form, None, None
    kiosk = Kiosk.objects.filter(code=form.cleaned_data["kiosk"].strip().upper()).first()
    if kiosk is None:
        form.add_error("kiosk", _("No kiosk has this code."))
        return form, None, None
    service, amount = form.cleaned_data["service"], form.cleaned_data["amount"]
    earning = rules.preview(service, kiosk, amount, version=version)
    today = rules.preview(service, kiosk, amount)
    return form, earning, today


def _version_page(request, version, *, publish_form=None, status=200):
    preview_form, earning, today = _preview(request, version)
    if preview_form.errors:
        status = 400
    is_draft = version.status == RuleVersion.Status.DRAFT
    if publish_form is None and is_draft:
        publish_form = forms.PublishForm(initial={"valid_from": max(version.valid_from, timezone.localdate())})
    return render(request, "commissions/doit_version.html", {
        "version": version, "rule": version.rule, "is_draft": is_draft, "describe": services.describe(version),
        "preview_form": preview_form, "earning": earning, "today_earning": today, "publish_form": publish_form,
        "back_url": reverse("commissions:rule", args=[version.rule_id])}, status=status)


@doit_required
def version(request, pk, number):
    """One version's terms; for a draft, the preview of a payment and the publish form (req. 1, 2)."""
    return _version_page(request, _version(pk, number))


@require_POST
@doit_required
def publish(request, pk, number):
    """Step 1 of publishing: the day; the answer is the confirmation page, sealed (req. 2)."""
    version = _version(pk, number)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        valid_from = form.cleaned_data["valid_from"]
        problems = services.publish_problems(version, valid_from)
        if not problems:
            return _confirm_page(request, version, valid_from)
        _fail(form, services.RuleInvalid(problems))
    return _version_page(request, version, publish_form=form, status=400)


def _confirm_page(request, version, valid_from, error=None, status=200):
    form = forms.PublishForm(initial={"valid_from": valid_from,
                                      "seal": services.publish_seal(version, valid_from, request.person)})
    return render(request, "commissions/doit_publish.html", {
        "version": version, "rule": version.rule, "valid_from": valid_from, "form": form, "error": error,
        "describe": services.describe(version),
        "back_url": reverse("commissions:version", args=[version.rule_id, version.number])}, status=status)


@require_POST
@doit_required
def publish_confirm(request, pk, number):
    """Step 2: publish exactly what the confirmation page showed (the seal), or show it again."""
    version = _version(pk, number)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, publish_form=form, status=400)
    valid_from = form.cleaned_data["valid_from"]
    try:
        services.publish(version, by=request.person, valid_from=valid_from, seal=form.cleaned_data["seal"])
    except services.RuleInvalid as e:
        publish_form = forms.PublishForm({"valid_from": request.POST.get("valid_from", "")})
        publish_form.is_valid()
        _fail(publish_form, e)
        return _version_page(request, _version(pk, number), publish_form=publish_form, status=400)
    except confirmation.NotConfirmed:
        return _confirm_page(request, _version(pk, number), valid_from, status=409, error=_(
            "The draft or the day changed since this page was shown, or the page is too old. Check what is "
            "shown now and confirm again."))
    messages.success(request, _("%(version)s is published and in force from %(day)s.") % {
        "version": version.label, "day": valid_from.strftime("%d-%m-%Y")})
    return redirect("commissions:rule", pk=pk)


# ------------------------------------------------------------------ volume tiers (req. 5)

@doit_required
def tier_scales(request):
    """DoIT's volume tiers as dated rows, and a new scale from a month; the task recomputes each
    kiosk's tier at every month's start (F4: no button)."""
    form = forms.TierScaleForm(request.POST or None, initial={"basis": TierScale.Basis.COUNT,
                                                             "valid_from": tiers.next_month_start()})
    if request.method == "POST" and form.is_valid():
        try:
            scale = tiers.add_scale(by=request.person, valid_from=form.cleaned_data["valid_from"],
                                    basis=form.cleaned_data["basis"], levels=form.cleaned_data["levels"])
        except tiers.TierInvalid as e:
            for field, message in e.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The tiers are in force from %(day)s.")
                             % {"day": scale.valid_from.strftime("%d-%m-%Y")})
            return redirect("commissions:tiers")
    return render(request, "commissions/doit_tiers.html", {
        "form": form, "scales": TierScale.objects.prefetch_related("levels").select_related("created_by")[:12],
        "runs": tiers.recent_runs(), "back_url": reverse("commissions:index")},
        status=400 if form.errors else 200)
