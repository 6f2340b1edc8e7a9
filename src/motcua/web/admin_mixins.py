"""Admin pages that look but never write: domain rows change only through the services (which
log every act), so their admin pages and inlines are read-only."""


class ReadOnly:
    """Mix into a ``ModelAdmin`` or an inline: no add, change or delete from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
