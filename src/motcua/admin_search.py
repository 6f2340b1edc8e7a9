"""Admin search without diacritics, shared by every app's admin pages."""

from motcua.text import fold


class FoldedSearchMixin:
    """Search folded names too, so ``hoan kiem`` finds «Hoàn Kiếm» (needs a ``name_folded`` field)."""

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            folded = queryset
            for word in words:
                folded = folded.filter(name_folded__contains=word)
            results = results | folded
        return results, duplicates
