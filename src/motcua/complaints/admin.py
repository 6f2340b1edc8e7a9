"""Read-only admin pages for cases, their filers, log, ratings and reception days: every change
goes through the services, so the admin can look but never write."""

from django.contrib import admin

from motcua.complaints.models import Case, CaseEvent, CaseRating, Filer, ReceptionDay
from motcua.text import fold
from motcua.web.admin_mixins import ReadOnly


class FilerInline(ReadOnly, admin.TabularInline):
    model = Filer
    fields = ("name", "id_number", "phone", "email", "representative")
    readonly_fields = fields
    extra = 0


class EventInline(ReadOnly, admin.TabularInline):
    model = CaseEvent
    fields = ("seq", "act", "at", "actor", "role", "from_unit", "to_unit", "due_before", "due_after", "reason")
    readonly_fields = fields
    ordering = ("seq",)
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "kind", "state", "channel", "handling_unit", "received_at", "due_at", "people")
    list_filter = ("kind", "state", "channel", "complexity", "remote")
    list_select_related = ("handling_unit",)
    search_fields = ("code", "subject_folded")
    show_full_result_count = False
    date_hierarchy = "received_at"
    raw_id_fields = ("area", "concerned_unit", "concerned_official", "dossier", "handling_unit", "handler", "account",
                     "previous", "matter_of")
    inlines = (FilerInline, EventInline)

    def get_search_results(self, request, queryset, search_term):
        """Subjects are searched without diacritics: «dat lan chiem» finds «đất lấn chiếm»."""
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(CaseRating)
class CaseRatingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("case", "level", "likes", "dislikes", "rated_at")
    list_filter = ("level",)
    raw_id_fields = ("case",)


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("unit", "level", "leader", "day", "held", "cases_received")
    list_filter = ("level", "held")
    raw_id_fields = ("unit", "leader")
