"""Admin pages for areas, units, officials and the working calendar. Saves go through services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from motcua.admin_search import FoldedSearchMixin

from motcua.units import services, staffing
from motcua.units.models import (
    Area, CalendarOverride, FunctionAssignment, Holding, OfficeHours, Official, PersonProfile, Position,
    StateFunction, TransferPostponement, Unit,
)


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


# -- organisation review and rotation: the pages the review's fix links open ------------------------

def checked_form(check):
    """A model form that also runs the service's ``check`` (so a refusal is a form error, not a 500)."""

    class CheckedForm(forms.ModelForm):
        def _post_clean(self):
            super()._post_clean()
            if not self.errors:
                try:
                    check(self.instance)
                except ValidationError as exc:
                    self.add_error(None, exc)

    return CheckedForm


class FunctionAssignmentInline(admin.TabularInline):
    model = FunctionAssignment
    form = checked_form(staffing.check_assignment)
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(StateFunction)
class StateFunctionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name", "field", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_folded", "field"]
    inlines = [FunctionAssignmentInline]

    def save_model(self, request, obj, form, change):
        staffing.save_function(obj)

    def save_formset(self, request, form, formset, change):
        for assignment in formset.save(commit=False):
            staffing.save_assignment(assignment)
        for gone in formset.deleted_objects:
            gone.delete()


@admin.register(FunctionAssignment)
class FunctionAssignmentAdmin(admin.ModelAdmin):
    form = checked_form(staffing.check_assignment)
    list_display = ["function", "unit", "valid_from", "valid_to", "basis"]
    search_fields = ["function__code", "function__name_folded", "unit__name_folded"]
    autocomplete_fields = ["function", "unit"]
    list_select_related = ["function", "unit"]

    def save_model(self, request, obj, form, change):
        staffing.save_assignment(obj)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    form = checked_form(staffing.check_position)
    list_display = ["title", "unit", "is_head", "is_leader", "leader_kind", "transfer_sector", "transfer_cycle_months"]
    list_filter = ["is_head", "is_leader", "leader_kind"]
    search_fields = ["title", "unit__name", "unit__name_folded", "transfer_sector"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]

    def save_model(self, request, obj, form, change):
        staffing.save_position(obj)


@admin.register(Holding)
class HoldingAdmin(admin.ModelAdmin):
    form = checked_form(staffing.check_holding)
    list_display = ["user", "position", "start", "end", "acting"]
    list_filter = ["acting"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position__title", "position__unit__name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["position"]
    list_select_related = ["user", "position__unit"]

    def save_model(self, request, obj, form, change):
        staffing.save_holding(obj)


@admin.register(PersonProfile)
class PersonProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "birth_date", "retirement_date", "native_place"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(TransferPostponement)
class TransferPostponementAdmin(admin.ModelAdmin):
    form = checked_form(staffing.check_postponement)
    list_display = ["user", "kind", "start", "end", "note"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "note"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]

    def save_model(self, request, obj, form, change):
        staffing.save_postponement(obj)
