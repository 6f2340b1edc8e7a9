"""Pages of steering programmes: ``programmes`` (list, programme page, import, export) and
``tasks`` (task page and its acts)."""
