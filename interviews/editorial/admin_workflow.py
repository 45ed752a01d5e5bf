"""The workflow part of the interview admin: steps with comments, pending versions, approval link, checklist, log.

``WorkflowAdminMixin`` is mixed into ``InterviewAdmin`` (interviews/editorial/admin.py).

Four eyes on live content: when someone without the publish permission
saves a published or scheduled interview (or anyone saves one that already
has a pending change), the admin form runs as usual but inside
``pending.applied`` – a savepoint that is always rolled back. The form sees
and validates the pending version like any other; what it would have saved
is read back as a snapshot and kept as the PendingChange. Readers never see
it until „Freigabe“ publishes it. A restore from history by such a user
takes the same path. Opening the form (GET) writes nothing: it shows the
pending version built in memory (``pending.as_object``, see ``get_object``).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import quoted
from interviews.editorial import approval, compare, pending, publishing, wordimport
from interviews.models import ApprovalStatus, Interview, PendingChange, Status, Theme, WorkflowAction

STEP_LABELS = {
    publishing.REVIEW: gettext_lazy("Zur Prüfung einreichen"),
    publishing.PUBLISH: gettext_lazy("Veröffentlichen"),
    publishing.UNPUBLISH: gettext_lazy("Zurückziehen"),
    publishing.DISCARD: gettext_lazy("Änderung verwerfen"),
}
LOG_LENGTH = 30


def local(value, format_name="SHORT_DATETIME_FORMAT"):
    return date_format(timezone.localtime(value), format_name) if value else "–"


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class AssignedToMeFilter(admin.SimpleListFilter):
    title = gettext_lazy("Zuständigkeit")
    parameter_name = "zustaendig"

    def lookups(self, request, model_admin):
        return [("mir", _("Mir zugewiesen")), ("niemand", _("Niemandem zugewiesen"))]

    def queryset(self, request, queryset):
        if self.value() == "mir":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "niemand":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class PendingChangeFilter(admin.SimpleListFilter):
    """The work states of the change list; the admin index counts the same states (:func:`overview`)."""

    title = gettext_lazy("Arbeitsstand")
    parameter_name = "arbeitsstand"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _select in WORK_STATES]

    def queryset(self, request, queryset):
        for value, _label, select in WORK_STATES:
            if self.value() == value:
                return select(queryset)
        return queryset


def waiting_for_approval(queryset):
    """Interviews with a valid approval link whose text the interviewee has not approved yet."""
    return queryset.filter(
        approval_status=ApprovalStatus.PENDING,
        approval_link_created_at__gt=timezone.now() - approval.VALID_FOR,
    ).exclude(approval_key="")


class WorkflowAdminMixin:
    workflow_fieldset = (
        gettext_lazy("Arbeitsschritte und Autorisierung"),
        {
            "description": gettext_lazy(
                "Ein Kommentar wird mit dem nächsten Arbeitsschritt (Einreichen, Veröffentlichen, Zurückziehen, "
                "Änderung speichern) im Verlauf festgehalten."
            ),
            "fields": [
                "assigned_to",
                "approval_info",
                "publish_checklist",
                "workflow_comment",
                "override_reason",
                "workflow_log",
            ],
        },
    )
    workflow_readonly_fields = ["approval_info", "publish_checklist", "workflow_log"]

    # --- form -----------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = [*super().get_fieldsets(request, obj)]
        name, options = self.workflow_fieldset
        fields = [field for field in options["fields"] if field != "override_reason" or self._can_publish(request)]
        if obj is None:
            fields = [field for field in fields if field in {"assigned_to", "workflow_comment"}]
        return [*fieldsets, (name, {**options, "fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields]

    def _can_publish(self, request):
        return publishing.can_publish(request.user)

    @admin.display(description=gettext_lazy("Autorisierung des Textes"))
    def approval_info(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        parts = [format_html("<p><strong>{}</strong></p>", obj.get_approval_status_display())]
        last = (
            obj.workflow_events.filter(action__in=[WorkflowAction.APPROVED, WorkflowAction.CHANGES_REQUESTED])
            .only("action", "created_at", "comment", "actor", "interview_id")
            .first()
        )
        if last is not None:
            parts.append(
                format_html(
                    '<p>{} – {}</p><blockquote class="approval-comment">{}</blockquote>',
                    local(last.created_at),
                    last.get_action_display(),
                    last.comment or _("(ohne Kommentar)"),
                )
            )
        link_url = reverse("admin:interviews_interview_approval_link", args=[obj.pk])
        if obj.approval_key and not approval.link_expired(obj):
            url = settings.SITE_URL + approval.approval_url(obj)
            parts.append(
                format_html(
                    '<p>{} <a href="{}" class="approval-link">{}</a><br>{}</p>'
                    '<p><button type="submit" class="button" formaction="{}" formnovalidate name="_link" '
                    'value="revoke">{}</button></p>',
                    _("Link %(for)s (ohne Anmeldung):") % {"for": obj.interviewee("for")},
                    url,
                    url,
                    _("gültig bis %(when)s") % {"when": local(approval.link_expires_at(obj), "DATE_FORMAT")},
                    link_url,
                    _("Link widerrufen"),
                )
            )
        else:
            parts.append(
                format_html(
                    '<p><button type="submit" class="button" formaction="{}" formnovalidate name="_link" '
                    'value="create">{}</button> {}</p>',
                    link_url,
                    _("Autorisierungslink erstellen"),
                    _("(Ungespeicherte Änderungen im Formular bitte vorher speichern.)"),
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.display(description=gettext_lazy("Checkliste vor der Veröffentlichung"))
    def publish_checklist(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        words = {True: (_("erfüllt"), "ok"), False: (_("offen"), "open"), None: (_("noch nicht geprüft"), "unknown")}
        rows = ((*words[item["ok"]], item["label"], item["detail"]) for item in publishing.checklist(obj))
        return format_html(
            '<ul class="publish-checklist">{}</ul><p class="help">{}</p>',
            format_html_join("", '<li class="checklist-{1}"><strong>{0}:</strong> {2} – {3}</li>', rows),
            _("Beim Veröffentlichen wird diese Liste im Verlauf festgehalten."),
        )

    @admin.display(description=gettext_lazy("Verlauf der Arbeitsschritte"))
    def workflow_log(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        events = list(obj.workflow_events.select_related("user")[:LOG_LENGTH])
        if not events:
            return _("Noch keine Arbeitsschritte.")
        return format_html(
            '<ol class="workflow-log">{}</ol>', format_html_join("", "{}", ((event_html(e),) for e in events))
        )

    # --- views ----------------------------------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/autorisierungslink/",
                self.admin_site.admin_view(self.approval_link_view),
                name="interviews_interview_approval_link",
            ),
            path(
                "<path:object_id>/word-import/",
                self.admin_site.admin_view(self.word_import_view),
                name="interviews_interview_word_import",
            ),
            path(
                "<path:object_id>/vorschau-aenderung/",
                self.admin_site.admin_view(self.pending_preview_view),
                name="interviews_interview_pending_preview",
            ),
        ]
        return urls + super().get_urls()

    def approval_link_view(self, request, object_id):
        """Create or revoke the interviewee's approval link (POST from buttons on the form)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("_link") == "revoke":
            approval.revoke(obj, request.user)
            self.message_user(request, _("Der Autorisierungslink gilt nicht mehr."), messages.SUCCESS)
        else:
            url = settings.SITE_URL + approval.approval_url(obj, request.user)
            self.message_user(
                request,
                _("Der Autorisierungslink ist erstellt: %(url)s – bitte an %(name)s schicken.")
                % {"url": url, "name": obj.interviewee_name},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))

    def word_import_view(self, request, object_id):
        """Upload a .docx transcript, see its questions, confirm: then they are added (``wordimport``)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        themes = list(obj.series.themes.order_by("position", "title")) or list(Theme.objects.all())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("Fragen aus einer Word-Datei importieren"),
            "themes": themes,
            "changes_wait": publishing.changes_need_review(obj, request.user) or publishing.has_pending(obj),
        }
        if request.method == "POST" and "payload" in request.POST:
            return self._word_import_confirm(request, obj, themes, context)
        if request.method == "POST":
            upload = request.FILES.get("docx")
            try:
                if upload is None:
                    raise ValidationError(_("Bitte wählen Sie eine Word-Datei (.docx) aus."))
                if upload.size > wordimport.MAX_BYTES:
                    raise ValidationError(_("Die Datei ist größer als 10 MB."))
                front = wordimport.FrontMatter()
                items = wordimport.guess_themes(wordimport.read_docx(upload, themes=themes, front=front), themes)
            except ValidationError as error:
                context["error"] = error_text(error)
            else:
                context.update(word_import_preview(obj, items, front.fields()))
        return TemplateResponse(request, "admin/interviews/interview/word_import.html", context)

    def _word_import_confirm(self, request, obj, themes, context):
        try:
            payload = signing.loads(request.POST["payload"], salt=WORD_IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            context["error"] = _("Die Vorschau ist abgelaufen oder ungültig. Bitte laden Sie die Datei erneut hoch.")
            return TemplateResponse(request, "admin/interviews/interview/word_import.html", context)
        if payload.get("interview") != obj.pk:
            context["error"] = _(
                "Diese Vorschau wurde für ein anderes Interview erstellt. Bitte laden Sie die Datei hier erneut hoch."
            )
            return TemplateResponse(request, "admin/interviews/interview/word_import.html", context)
        allowed = {theme.pk: theme for theme in themes}
        items = []
        for index, item in enumerate(payload["items"]):
            chosen = request.POST.get(f"theme_{index}", "")
            theme_id = int(chosen) if chosen.isdigit() else item["theme_id"]
            if theme_id not in allowed:
                context["error"] = _("Bitte wählen Sie für jede Frage ein Thema der Reihe.")
                context.update(word_import_preview(obj, payload_items(payload, allowed), payload.get("front")))
                return TemplateResponse(request, "admin/interviews/interview/word_import.html", context)
            items.append({**item, "theme_id": theme_id})
        taken = {name for name in FRONT_FIELDS if request.POST.get(f"take_{name}")}
        if "interviewee_name" in taken:
            taken.add("interviewee_title")  # the academic title goes with the name
        fields = {name: value for name, value in (payload.get("front") or {}).items() if name in taken}
        try:
            outcome = wordimport.save_questions(obj, items, request.user, fields)
        except ValidationError as error:  # a live text that would not lay out: nothing imported
            context["error"] = error_text(error)
            context.update(word_import_preview(obj, payload_items(payload, allowed), payload.get("front")))
            return TemplateResponse(request, "admin/interviews/interview/word_import.html", context)
        if outcome == "pending":
            message = _("%(n)s Fragen aus der Word-Datei warten als Änderung an %(title)s auf die Freigabe.") % {
                "n": len(items),
                "title": quoted(obj.title),
            }
        else:
            message = _("%(n)s Fragen aus der Word-Datei wurden zu %(title)s hinzugefügt.") % {
                "n": len(items),
                "title": quoted(obj.title),
            }
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))

    def pending_preview_view(self, request, object_id):
        """The reader page as it will look once the pending change is published (staff only, never cached)."""
        from interviews.editorial import approval_views

        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = approval_views.reading_context(pending.as_object(obj))
        response = render(request, "interviews/interview_detail.html", context)
        return approval_views.private_page(response)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        refused = self._refuse_workflow_step(request, obj)
        if refused:
            return refused
        extra_context = {**(extra_context or {}), **self._workflow_context(request, obj)}
        if obj is not None and self._edits_pending(request, obj):
            return self._pending_changeform(request, obj, object_id, form_url, extra_context)
        if obj is not None and request.method == "POST":
            request._content_before = pending.snapshot(obj)
            self._gate_live_edit(request, obj)
            self._lay_out_before_transaction(request, obj)
        return self._step_after_commit(request, super().change_view(request, object_id, form_url, extra_context))

    def add_view(self, request, form_url="", extra_context=None):
        refused = self._refuse_workflow_step(request, None)
        if refused:
            return refused
        extra_context = {**(extra_context or {}), **self._workflow_context(request, None)}
        return self._step_after_commit(request, super().add_view(request, form_url, extra_context), add=True)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        obj = Interview.objects.filter(pk=version.object_id).first()
        if request.method == "POST" and obj is not None and self._edits_pending(request, obj):
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            context = {**(kwargs.get("extra_context") or {}), "revert": True}
            return self._pending_changeform(request, obj, str(obj.pk), request.path, context, revision=version.revision)
        if request.method == "POST" and obj is not None:
            request._content_before = pending.snapshot(obj)  # a restore is a content change like any other
            self._gate_live_edit(request, obj)
            refused = self._refused_restore(request, obj, version, *args, **kwargs)
            if refused is not None:
                return refused
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def _gate_live_edit(self, request, obj):
        """A direct save of a live interview: its text must lay out before it is saved (budget.LayoutGate); what
        the live PDF shows is loaded now, before the form (or a restore) changes anything."""
        if publishing.is_live(obj):
            from interviews import pdf
            from interviews.editorial import budget

            request._layout_gate = budget.LayoutGate(
                pdf.load_source(obj), lambda: getattr(request, "_form_valid", False)
            )

    def _lay_out_before_transaction(self, request, obj):
        """A direct save of a live interview: its layout runs here, before the admin's transaction (on SQLite a
        transaction holds the write lock for the whole render). The posted form and its rows are validated once in
        memory (reads only); the question formset lays out the version going live and the layout gate keeps the
        outcome, which the save's own validation finds (no second layout; refused, the form comes back)."""
        if getattr(request, "_layout_gate", None) is None:
            return
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return  # its errors stop the save before any layout
        request._form_valid = True
        try:
            formsets, _inlines = self._create_formsets(request, form.instance, change=True)
            for formset in formsets:
                formset.is_valid()  # the question formset asks the layout gate
        finally:
            request._form_valid = False

    def _refused_restore(self, request, obj, version, template_name, extra_context=None):
        """A restore of a live interview is laid out before django-reversion's transaction writes the old version.

        The version going live (the posted restore form over the history entry, built in memory:
        ``pending.from_history``, ``budget.screen_data``) is laid out now, outside any transaction (on SQLite no
        write lock is held during the render). Fits: the restore runs, and the form's layout gate finds this layout
        (no second one). Refused (and the live text lays out): the restore form comes back with the German reason
        and everything posted, built from the history entry in memory; nothing is written. Returns that response,
        or None.
        """
        from interviews.editorial import budget

        gate = getattr(request, "_layout_gate", None)
        if gate is None:
            return None
        posted = budget.screen_data(self, request, pending.from_history(version))
        restored = pending.from_history(version)
        reason = gate.refusal(budget.screen_source(obj, posted, figures=restored.figures.all()))
        if reason is None or not gate.live_lays_out():
            return None
        gate.refused = reason
        request._pending_object = restored  # the form is shown from memory (get_object), never saved
        response = self.changeform_view(request, str(obj.pk), request.path, extra_context)
        if isinstance(response, TemplateResponse):
            response.template_name = template_name
            response.render()
        return response

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            events = list(obj.workflow_events.select_related("user"))
            extra_context = {**(extra_context or {}), "workflow_events": events}
        return super().history_view(request, object_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        shown = getattr(request, "_pending_object", None)
        if shown is not None and from_field is None and str(shown.pk) == str(object_id):
            return shown
        return super().get_object(request, object_id, from_field)

    def _edits_pending(self, request, obj):
        return publishing.changes_need_review(obj, request.user) or publishing.has_pending(obj)

    def _workflow_context(self, request, obj):
        steps = publishing.available_steps(obj, request.user)
        return {
            "can_publish": publishing.can_publish(request.user),
            "can_submit_for_review": publishing.REVIEW in steps,
            "can_publish_now": publishing.PUBLISH in steps,
            "can_unpublish": publishing.UNPUBLISH in steps,
            "can_discard": publishing.DISCARD in steps,
            "back_to_draft": obj is not None and obj.status == Status.REVIEW,
            "changes_wait": obj is not None and publishing.changes_need_review(obj, request.user),
            "can_render_pdf": obj is not None and obj.is_public,
        }

    def _refuse_workflow_step(self, request, obj):
        """Refuse a POSTed workflow step the user may not take, before anything is saved."""
        step = request.POST.get("_workflow") if request.method == "POST" else None
        if not step:
            return None
        refusal = publishing.step_refusal(obj, request.user, step)
        if refusal is None:
            return None
        self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    # --- pending versions -----------------------------------------------------------------------

    def _pending_changeform(self, request, obj, object_id, form_url, extra_context, revision=None):
        live = compare.snapshot(obj)
        live_version = obj.version
        request._pending_mode = True
        if request.method in ("GET", "HEAD"):
            # Reading writes nothing: the form shows the pending version built in memory (get_object).
            request._pending_object = pending.as_object(obj)
            change = PendingChange.objects.filter(interview_id=obj.pk).first()
            extra_context = {**extra_context, **pending_context(request._pending_object, change, live)}
            return self.changeform_view(request, object_id, form_url, extra_context)
        with pending.applied(obj) as change:
            request._pending_base_version = max(live_version, change.version if change else 0)
            if revision is not None:
                revision.revert(delete=True)
            extra_context = {**extra_context, **pending_context(obj, change, live)}
            response = self.changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        captured = getattr(request, "_pending_capture", None)
        if captured is None:
            return response
        data, version, editorial = captured
        comment = request.POST.get("workflow_comment", "")
        with transaction.atomic():
            self._save_editorial(request, obj, editorial)
            saved = publishing.save_pending(obj, data, request.user, version, comment=comment)
        step = request.POST.get("_workflow")
        if step:
            self._apply_workflow(request, obj, step, saved_message=self._pending_message(obj, saved))
        else:
            self.message_user(request, self._pending_message(obj, saved), messages.SUCCESS)
        self._render_pdf_if_asked(request, obj)
        return response

    def _pending_message(self, obj, saved):
        if saved is None:
            return _("%s: keine Änderung gegenüber der veröffentlichten Fassung; es wartet nichts.") % quoted(obj.title)
        return _(
            "Ihre Änderung an %s ist gespeichert und wartet auf die Freigabe. Leser sehen weiter die "
            "veröffentlichte Fassung."
        ) % quoted(obj.title)

    def _save_editorial(self, request, obj, editorial):
        """Editorial fields (assignment, portrait rights) are saved at once, also on live interviews."""
        changed = {name: value for name, value in editorial.items() if getattr(obj, name) != value}
        if not changed:
            return
        Interview.objects.filter(pk=obj.pk).update(**changed)
        for name, value in changed.items():
            setattr(obj, name, value)
        if "assigned_to_id" in changed:
            record_assignment(obj, request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(request, "_pending_mode", False):
            # The stale check passed against the version shown; the pending version counts on from the newest.
            obj.version = request._pending_base_version + 1
            Interview.objects.filter(pk=obj.pk).update(version=obj.version)
        elif "assigned_to" in form.changed_data:
            record_assignment(obj, request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if getattr(request, "_pending_mode", False):
            editorial = {attname: getattr(obj, attname) for attname in pending.editorial_attnames()}
            request._pending_capture = (pending.snapshot(obj), obj.version, editorial)
            return
        if any(getattr(formset, "layout_passed", False) for formset in formsets):
            from interviews import pdf

            pdf.record_fit(obj)  # the text just saved was laid out in memory before (budget.LayoutGate)
        before = getattr(request, "_content_before", None)
        if before is not None and before != pending.snapshot(obj):
            reset = publishing.approval_follows_text(obj, request.user)
            live = publishing.is_live(obj)
            if live:
                publishing.record(obj, WorkflowAction.LIVE_EDIT, request.user, request.POST.get("workflow_comment", ""))
            if reset and live:
                self.message_user(request, approval_reset_message(obj), messages.WARNING)

    # --- after saving: workflow steps, messages -------------------------------------------------

    def response_change(self, request, obj):
        if getattr(request, "_pending_mode", False):
            return HttpResponseRedirect(self._after_save_url(request, obj))
        if self._defer_step(request, obj):
            return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))
        if not self._after_save(request, obj):
            return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self._defer_step(request, obj):
            return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))
        if not self._after_save(request, obj):
            return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _defer_step(self, request, obj):
        """A workflow step asked for with a save waits until the save is committed (``_step_after_commit``): the
        form is saved inside the admin's transaction, and publishing lays out the text going live outside any
        transaction (on SQLite a transaction holds the write lock for the whole render). True when deferred."""
        if getattr(request, "_workflow_state", None) is not None or not request.POST.get("_workflow"):
            return False
        request._step_after_save = obj
        return True

    def _step_after_commit(self, request, response, add=False):
        """Take the step deferred by ``_defer_step`` now that the save is committed; the response it calls for."""
        obj = getattr(request, "_step_after_save", None)
        if obj is None:
            return response
        if not self._after_save(request, obj):
            return HttpResponseRedirect(reverse("admin:interviews_interview_change", args=[obj.pk]))
        return super().response_add(request, obj) if add else super().response_change(request, obj)

    def _after_save_url(self, request, obj):
        if "_continue" in request.POST or request.POST.get("_workflow") or "_addanother" in request.POST:
            return reverse("admin:interviews_interview_change", args=[obj.pk])
        return reverse("admin:interviews_interview_changelist")

    def _after_save(self, request, obj):
        """Run the requested workflow step after a save; False when it was refused (no success message then)."""
        if getattr(request, "_workflow_state", None) is not None:
            return True  # restoring a version never runs workflow steps
        step = request.POST.get("_workflow")
        done = True
        if step:
            done = self._apply_workflow(request, obj, step)
        self._render_pdf_if_asked(request, obj)
        return done

    def _render_pdf_if_asked(self, request, obj):
        """The button „Speichern und PDF neu erstellen“ (shown for published interviews only)."""
        if "_render_pdf" not in request.POST:
            return
        if not obj.is_public:
            self.message_user(
                request,
                _("Ein PDF wird erst für veröffentlichte Interviews erstellt; die Vorschau zeigt „PDF ansehen“."),
                messages.INFO,
            )
            return
        from interviews import tasks

        tasks.queue_renders([obj.pk], force=True)
        self.message_user(
            request,
            _("Das PDF von %s wird im Hintergrund neu erstellt; den Stand zeigt das Feld „PDF“.") % quoted(obj.title),
            messages.SUCCESS,
        )

    def _apply_workflow(self, request, obj, step, saved_message=None):
        """Take ``step``; one message either way: what was done, or what was saved and why the step was not."""
        obj.refresh_from_db()
        was_review = obj.status == Status.REVIEW
        comment = request.POST.get("workflow_comment", "")
        try:
            if step == publishing.REVIEW:
                publishing.submit_for_review(obj, request.user, comment=comment)
                message = _("%s wurde zur Prüfung eingereicht.") % quoted(obj.title)
            elif step == publishing.PUBLISH:
                had_change = publishing.has_pending(obj) and obj.status == Status.PUBLISHED
                publishing.publish(
                    obj, request.user, comment=comment, override_reason=request.POST.get("override_reason", "")
                )
                obj.refresh_from_db()
                message = _("Die Änderung an %s ist veröffentlicht.") % quoted(obj.title) if had_change else None
                message = message or publish_message(obj)
            elif step == publishing.DISCARD:
                publishing.discard_pending(obj, request.user, comment=comment)
                obj.refresh_from_db(fields=["approval_status"])
                message = _(
                    "Die wartende Änderung an %(title)s wurde verworfen; es gilt die veröffentlichte Fassung "
                    "(Autorisierung: %(state)s)."
                ) % {"title": quoted(obj.title), "state": obj.get_approval_status_display()}
            elif step == publishing.UNPUBLISH:
                publishing.unpublish(obj, request.user, comment=comment)
                if was_review:
                    message = _("%s ist wieder ein Entwurf.") % quoted(obj.title)
                else:
                    message = _("%s wurde zurückgezogen und ist nicht mehr öffentlich.") % quoted(obj.title)
            else:
                return True
        except (PermissionDenied, ValidationError) as error:
            saved = saved_message or _("Ihre Änderungen an %s sind gespeichert.") % quoted(obj.title)
            self.message_user(
                request,
                _("%(saved)s Der Arbeitsschritt „%(step)s“ wurde nicht ausgeführt: %(reason)s")
                % {"saved": saved, "step": STEP_LABELS[step], "reason": error_text(error)},
                messages.WARNING,
            )
            return False
        self.message_user(request, message, messages.SUCCESS)
        return True


def approval_reset_message(interview):
    """Freigabe changed an authorised live text directly: what it means (docs/workflow.md)."""
    return _(
        "Die Autorisierung %(by)s galt dem vorherigen Text; der geänderte Text ist noch nicht autorisiert. Er ist "
        "trotzdem sofort veröffentlicht, weil Sie ihn als Freigabe direkt geändert haben. Bitte lassen Sie die "
        "Änderung über den Autorisierungslink bestätigen."
    ) % {"by": interview.interviewee("by")}


def publish_message(interview):
    if interview.is_scheduled:
        return _("%(title)s ist geplant und erscheint am %(when)s von selbst.") % {
            "title": quoted(interview.title),
            "when": local(interview.published_at, "DATETIME_FORMAT"),
        }
    return _("%s ist veröffentlicht.") % quoted(interview.title)


def record_assignment(obj, user):
    who = obj.assigned_to.get_username() if obj.assigned_to_id else _("niemanden")
    publishing.record(obj, WorkflowAction.ASSIGNED, user, data={"assigned_to": who})


def event_html(event):
    extra = ""
    if event.data.get("override_reason"):
        extra = _(" – trotz offener Punkte der Checkliste, Begründung: %s") % event.data["override_reason"]
    if event.data.get("assigned_to"):
        extra = _(" – an %s") % event.data["assigned_to"]
    return format_html(
        "<li><span class='workflow-when'>{}</span> <strong>{}</strong>{} ({}){}</li>",
        local(event.created_at),
        event.get_action_display(),
        extra,
        event.who,
        format_html(": „{}“", event.comment) if event.comment else "",
    )


WORD_IMPORT_SALT = "interviews.wordimport.preview"


# Interview fields the import may fill from the file's front matter (wordimport.FrontMatter).
FRONT_FIELDS = ("title", "lead", "interviewee_title", "interviewee_name", "interviewee_role")


def word_import_preview(obj, items, front=None):
    """The preview of imported questions: rows, word counts against the page budget, a signed payload to confirm.

    ``front``: interview fields found in the file ({name: value}); each becomes a row to take over, ticked
    when the interview's field is empty, never ticked when it would replace what is there.
    """
    from interviews.pdf import fitting

    existing_words = fitting.text_units(
        obj.questions.values_list("question", "answer", "pull_quote"), obj.figures.values_list("caption", "credit")
    )[0]
    words = fitting.text_units([(item.question, item.answer_html, "") for item in items])[0]
    low, high = fitting.word_range(obj.pages)
    front = {name: value for name, value in (front or {}).items() if name in FRONT_FIELDS}
    payload = {
        "interview": obj.pk,  # confirmed only on the interview it was made for
        "items": [
            {"question": item.question, "answer_html": item.answer_html, "theme_id": getattr(item.theme, "pk", None)}
            for item in items
        ],
        "front": front,
    }
    front_rows = [
        {
            "name": name,
            "label": Interview._meta.get_field(name).verbose_name,
            "value": value,
            "current": getattr(obj, name),
            "take": not getattr(obj, name),
            "rich": name == "lead",
        }
        for name, value in front.items()
        if value != getattr(obj, name) and name != "interviewee_title"
    ]
    for row in front_rows:
        if row["name"] == "interviewee_name":  # the academic title goes with the name („Dr. Sabine Krüger“)
            row["value"] = " ".join(filter(None, [front.get("interviewee_title", ""), row["value"]]))
            row["current"] = " ".join(filter(None, [obj.interviewee_title, obj.interviewee_name]))
    return {
        "items": items,
        "front_rows": front_rows,
        "words": words,
        "existing_words": existing_words,
        "total_words": words + existing_words,
        "budget_low": low,
        "budget_high": high,
        "over_budget": words + existing_words > high,
        "under_budget": words + existing_words < low,
        "missing_theme": any(item.theme is None for item in items),
        "payload": signing.dumps(payload, salt=WORD_IMPORT_SALT, compress=True),
    }


def payload_items(payload, themes):
    return [
        wordimport.ImportedQuestion(
            question=item["question"], answer_html=item["answer_html"], theme=themes.get(item["theme_id"])
        )
        for item in payload["items"]
    ]


def pending_context(obj, change, live):
    """The banner and live↔pending comparison for the form (``obj``: the version the form shows)."""
    if change is None:
        return {"pending_change": None}
    return {
        "pending_change": change,
        "pending_changes": compare.compare_interviews(live, compare.snapshot(obj)),
        "pending_preview_url": reverse("admin:interviews_interview_pending_preview", args=[obj.pk]),
    }


# The work states, once: (URL value, label, selection of a queryset). Change-list filter and index use them.
WORK_STATES = [
    ("pruefung", gettext_lazy("Wartet auf Freigabe"), lambda queryset: queryset.filter(status=Status.REVIEW)),
    ("autorisierung", gettext_lazy("Wartet auf Autorisierung"), lambda queryset: waiting_for_approval(queryset)),
    (
        "aenderungswunsch",
        gettext_lazy("Änderungswunsch der interviewten Person"),
        lambda queryset: queryset.filter(approval_status=ApprovalStatus.CHANGES_REQUESTED),
    ),
    ("geplant", gettext_lazy("Geplant"), lambda queryset: queryset.scheduled()),
    (
        "aenderung",
        gettext_lazy("Änderungen an veröffentlichten Interviews"),
        lambda queryset: queryset.filter(pending_change__isnull=False),
    ),
]


def overview():
    """Counts and links for the admin index („Wartet auf Freigabe“ …): one query per work state."""
    changelist = reverse("admin:interviews_interview_changelist")
    return [
        {
            "label": str(label),
            "count": select(Interview.objects.all()).count(),
            "url": f"{changelist}?arbeitsstand={value}",
        }
        for value, label, select in WORK_STATES
    ]
