"""Admin pages for the procedure catalogue. Saves go through :mod:`motcua.catalog.services`."""

from django.contrib import admin

from motcua.admin_search import FoldedSearchMixin

from motcua.catalog import services
from motcua.catalog.models import Field, Procedure, ProcedureVersion, RouteStep, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["sector"]
    list_select_related = ["sector"]


class VersionInline(admin.StackedInline):
    model = ProcedureVersion
    extra = 0
    show_change_link = True
    autocomplete_fields = ["competent_unit"]
    fields = [("number", "effective_from", "effective_to"), ("announcement", "announced_on", "published_on"),
              "legal_basis_effective_on", "competent_unit", ("duration_value", "duration_unit"),
              ("online", "route_mode"), "fees", "documents", "result_types"]


@admin.register(Procedure)
class ProcedureAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "field"]
    list_filter = ["level", "field__sector"]
    search_fields = ["code", "name", "name_folded"]
    autocomplete_fields = ["field"]
    list_select_related = ["field"]
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        services.save_procedure(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProcedureVersion:
            return super().save_formset(request, form, formset, change)
        for version in formset.save(commit=False):
            services.save_version(version)
        for version in formset.deleted_objects:
            version.delete()
        formset.save_m2m()


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "effective_from", "effective_to", "duration_value", "duration_unit",
                    "online", "route_mode"]
    list_filter = ["duration_unit", "online", "route_mode", "procedure__level"]
    search_fields = ["procedure__code", "procedure__name_folded"]
    raw_id_fields = ["procedure"]
    autocomplete_fields = ["competent_unit"]
    list_select_related = ["procedure"]
    inlines = [RouteStepInline]

    def save_model(self, request, obj, form, change):
        services.save_version(obj)
