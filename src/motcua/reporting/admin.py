from django.contrib import admin

from motcua.reporting.models import Notice, ProgressReport, SentReminder


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("programme", "unit", "period", "due_on", "first_submitted_at", "revision")
    list_filter = ("period",)
    readonly_fields = [f.name for f in ProgressReport._meta.fields]  # filed through the service only

    def has_add_permission(self, request):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "text", "created_at", "read_at")
    list_filter = ("kind",)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "kind", "subject", "emails", "email_error")
    list_filter = ("kind",)
