"""Read-only views of programmes and tasks for administrators: every change goes through the
programme pages, the API or the CLI (``services``), which keep the task history."""

from django.contrib import admin

from motcua.programmes.models import CommitteeMember, Programme, Task, TaskChange
from motcua.web.admin_mixins import ReadOnly as ReadOnlyMixin


class ReadOnly(ReadOnlyMixin, admin.ModelAdmin):
    pass


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    fields = ("name", "position", "role", "user")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChangeInline(admin.TabularInline):
    model = TaskChange
    fields = ("at", "kind", "by", "progress", "deadline_before", "deadline_after", "status", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly):
    list_display = ("code", "number", "title", "standing_agency", "issued_on")
    inlines = [MemberInline]


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ("programme", "code", "lead_unit", "deadline", "progress", "completed_on")
    list_filter = ("programme", "product")
    search_fields = ("code", "content_folded")
    inlines = [ChangeInline]
