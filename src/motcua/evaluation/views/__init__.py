"""The evaluation pages: ``pages`` (what is read) and ``acts`` (the forms that write)."""
