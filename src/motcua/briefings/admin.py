"""Read-only views of briefing meetings for administrators: meetings are held, and conclusions
assigned, through the briefing pages, API and CLI (services)."""

from django.contrib import admin

from motcua.briefings.models import AgendaItem, Conclusion, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    fields = ("order", "title", "task", "presenter")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    fields = ("order", "content", "lead_unit", "product", "deadline", "task")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("programme", "held_at", "kind", "notice_symbol", "concluded_at")
    list_filter = ("kind", "programme")
    inlines = [AgendaInline, ConclusionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
