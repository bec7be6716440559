"""The account's messaging settings (owners, Rule.MANAGE_ACCOUNT): fallback, quiet hours, own senders,
the automations and the wording of each message per event and language, with a preview."""

from datetime import date, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import Rule, host_view
from gorently.dates import day_with_weekday
from gorently.pages import render_page
from gorently.placeholders import fill_placeholders
from notifications import selectors
from notifications.defaults import default_for
from notifications.forms import AUTOMATION_FIELDS, AutomationForm, MessagingSettingsForm, TemplateForm
from notifications.models import TEAM_EVENTS, Automation, Event, MessageTemplate
from notifications.placeholders import values_for
from notifications.services.sending import settings_of

# The events a host words (sent by hand has no wording of its own).
# The events a host words for guests (sent by hand has no wording of its own; the team gets GoRently's).
WORDED = [event for event in Event if event != Event.MANUAL and event not in TEAM_EVENTS]


def _automations(actor, data=None):
    organization = actor.organization
    existing = selectors.automations_of(actor)
    forms = []
    for event in AUTOMATION_FIELDS:
        automation = existing.get(event) or Automation.unsaved(organization.pk, event)
        forms.append(AutomationForm(data, instance=automation, prefix=f"auto-{event}"))
    return forms


def _grouped(forms):
    """The automations' forms, those to guests apart from those to the team."""
    return {
        "guests": [form for form in forms if form.instance.event not in TEAM_EVENTS],
        "team": [form for form in forms if form.instance.event in TEAM_EVENTS],
    }


@host_view(Rule.MANAGE_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def settings_page(request):
    organization = request.membership.organization
    own = settings_of(organization)
    data = request.POST if request.method == "POST" else None
    form = MessagingSettingsForm(data, instance=own, prefix="settings")
    automations = _automations(request.membership, data)
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
    worded = selectors.templates_of(request.membership)
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
    context = {"form": form, "automations": _grouped(automations), "rows": rows, "languages": languages}
    return render_page(request, "notifications/settings.html", context, status=400 if data is not None else 200)


def sample_values(actor, language):
    """Placeholder values for the preview: the next stay the actor sees, else a made-up one."""
    organization = actor.organization
    reservation = selectors.next_stay_of(actor)
    with translation.override(language):
        if reservation is not None:
            return values_for(reservation), reservation
        arrival = date.today() + timedelta(days=7)
        return {
            "guest_name": "Marta",
            "property_name": _("Sea View Apartment"),
            "property_address": "Calle Mayor 1, Valencia",
            "check_in": day_with_weekday(arrival),
            "check_out": day_with_weekday(arrival + timedelta(days=3)),
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
    organization = request.membership.organization
    if event not in WORDED:
        raise Http404
    if language not in dict(organization.guest_language_choices()):
        raise Http404
    template = selectors.template_of(request.membership, event, language)
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
    values, sample = sample_values(request.membership, language)
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
