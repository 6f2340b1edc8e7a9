"""Read-only admin pages for dossiers and their log: every change goes through the services,
so the admin can look but never write."""

from django.contrib import admin

from motcua.dossiers.models import Dossier, DossierEvent, DossierTask
from motcua.text import fold
from motcua.web.admin_mixins import ReadOnly


class EventInline(ReadOnly, admin.TabularInline):
    model = DossierEvent
    fields = ("seq", "act", "at", "role", "from_unit", "to_unit", "due_before", "due_after", "reason")
    readonly_fields = fields
    ordering = ("seq",)
    extra = 0


class TaskInline(ReadOnly, admin.TabularInline):
    model = DossierTask
    fields = ("step", "agency", "name", "is_lead", "started_at", "due_at", "done_at")
    readonly_fields = fields
    extra = 0


@admin.register(Dossier)
class DossierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "procedure", "state", "channel", "receiving_unit", "holder_unit", "filed_at", "due_at")
    list_filter = ("state", "channel", "extensions")
    list_select_related = ("procedure", "receiving_unit", "holder_unit")
    search_fields = ("code", "applicant_name_folded")
    show_full_result_count = False
    date_hierarchy = "filed_at"
    exclude = ("snapshot",)
    raw_id_fields = ("procedure", "procedure_version", "area", "applicant_user", "receiving_unit", "competent_unit",
                     "holder_unit", "holder_officer")
    inlines = (TaskInline, EventInline)

    def get_search_results(self, request, queryset, search_term):
        """Names are searched without diacritics: «nguyen van dinh» finds «Nguyễn Văn Đình»."""
        return super().get_search_results(request, queryset, fold(search_term))
