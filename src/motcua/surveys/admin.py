"""Read-only views of survey rounds for administrators. Responses are not listed here: they are
read only in aggregate (queries.results), and invitations hold only hashes."""

from django.contrib import admin

from motcua.surveys.models import Stratum, SurveyRound


class StratumInline(admin.TabularInline):
    model = Stratum
    fields = ("unit", "population", "allocated")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "questionnaire", "period_from", "period_to", "status")
    list_filter = ("status", "questionnaire")
    inlines = [StratumInline]

    def has_add_permission(self, request):
        return False  # rounds are created through the survey pages (services)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
