"""The account's messaging settings (owners, Rule.MANAGE_ACCOUNT): fallback, quiet hours, own senders,
the automations and the wording of each message per event and language, with a preview."""

from datetime import date, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import Rule, host_view
from gorently.pages import render_page
from gorently.placeholders import fill_placeholders
from notifications.forms import AUTOMATION_FIELDS, AutomationForm, MessagingSettingsForm, TemplateForm
from notifications.models import Automation, Event, MessageTemplate, MessagingSettings
from reservations.models import Reservation, ReservationStatus

# The events a host words (sent by hand has no wording of its own).
WORDED = [event for event in Event if event != Event.MANUAL]


def _automations(organization, data=None):
    existing = {a.event: a for a in Automation.objects.filter(organization=organization)}
    forms = []
    for event in AUTOMATION_FIELDS:
        automation = existing.get(event) or Automation(organization=organization, event=event)
        forms.append(AutomationForm(data, instance=automation, prefix=f"auto-{event}"))
    return forms


@host_view(Rule.MANAGE_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def settings_page(request):
    organization = request.membership.organization
    own = MessagingSettings.objects.filter(organization=organization).first() or MessagingSettings(
        organization=organization
    )
    data = request.POST if request.method == "POST" else None
    form = MessagingSettingsForm(data, instance=own, prefix="settings")
    automations = _automations(organization, data)
    if data is not None:
        if form.is_valid() and all(f.is_valid() for f in automations):
            with transaction.atomic():
                form.save()
                for automation_form in automations:
                    automation_form.save()
            messages.success(request, _("Messaging settings saved."))
            return redirect("notifications:settings")
        messages.error(request, _("Some settings need fixing: see below."))
    languages = organization.guest_language_choices()
    worded = {(t.event, t.language): t for t in MessageTemplate.objects.filter(organization=organization)}
    rows = [
        {
            "event": event,
            "cells": [
                {"language": code, "name": name, "template": worded.get((event.value, code))}
                for code, name in languages
            ],
        }
        for event in WORDED
    ]
    context = {"form": form, "automations": automations, "rows": rows, "languages": languages}
    return render_page(request, "notifications/settings.html", context, status=400 if data is not None else 200)


def sample_values(organization, language):
    """Placeholder values for the preview: the account's next stay, else a made-up one."""
    from notifications.placeholders import values_for

    reservation = (
        Reservation.objects.filter(organization=organization, check_in__gte=timezone.localdate())
        .exclude(status=ReservationStatus.CANCELED)
        .select_related("property", "organization")
        .order_by("check_in")
        .first()
    )
    with translation.override(language):
        if reservation is not None:
            return values_for(reservation), reservation
        arrival = date.today() + timedelta(days=7)
        return {
            "guest_name": "Marta",
            "property_name": _("Sea View Apartment"),
            "property_address": "Calle Mayor 1, Valencia",
            "check_in": arrival.strftime("%A %d %B %Y"),
            "check_out": (arrival + timedelta(days=3)).strftime("%A %d %B %Y"),
            "check_in_time": "15:00",
            "check_out_time": "11:00",
            "portal_link": "https://example.com/g/…",
            "guide_link": "https://example.com/g/…/guide/",
            "host_name": organization.name,
            "door_code": "••••",
            "wifi_name": "SeaView",
            "wifi_password": "••••",
            "extras": "",
            "order_status": "",
        }, None


@host_view(Rule.MANAGE_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request, event, language):
    """One event's wording in one language: blank fields keep GoRently's own; "Preview" shows it filled in."""
    from notifications.defaults import default_for

    organization = request.membership.organization
    if event not in Event.values or event == Event.MANUAL:
        raise Http404
    if language not in dict(organization.guest_language_choices()):
        raise Http404
    template = MessageTemplate.objects.filter(organization=organization, event=event, language=language).first()
    if template is None:
        subject, body = default_for(event, language)
        template = MessageTemplate(
            organization=organization, event=event, language=language, subject=subject, body=body
        )
    form = TemplateForm(request.POST if request.method == "POST" else None, instance=template)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if "preview" not in request.POST:
                form.save()
                messages.success(request, _("Message wording saved."))
                return redirect("notifications:settings")
        else:
            status = 400
    values, sample = sample_values(organization, language)
    text = (
        form.cleaned_data if form.is_bound and form.is_valid() else {"subject": template.subject, "body": template.body}
    )
    context = {
        "form": form,
        "event": Event(event),
        "language": language,
        "language_name": dict(organization.guest_language_choices())[language],
        "preview_subject": fill_placeholders(text.get("subject", ""), values),
        "preview_body": fill_placeholders(text.get("body", ""), values),
        "sample": sample,
        "placeholders": sorted(values),
    }
    return render_page(request, "notifications/template.html", context, status=status)
