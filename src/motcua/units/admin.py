"""Admin pages for areas, units, officials and the working calendar. Saves go through services."""

from django.contrib import admin

from motcua.admin_search import FoldedSearchMixin

from motcua.units import services
from motcua.units.models import Area, CalendarOverride, OfficeHours, Official, Unit


@admin.register(Area)
class AreaAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]

    def save_model(self, request, obj, form, change):
        services.save_area(obj)


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "e_identifier", "name", "kind", "level", "area", "valid_from", "valid_to", "successor"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "e_identifier", "name", "name_folded"]
    autocomplete_fields = ["parent", "successor", "area", "served_areas"]
    list_select_related = ["area", "successor"]

    def save_model(self, request, obj, form, change):
        services.save_unit(obj)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title", "valid_from", "valid_to"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "unit__name_folded"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ["province", "sessions", "valid_from"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "province", "sessions", "note"]
    list_filter = ["kind"]
    search_fields = ["note"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]
    date_hierarchy = "day"
