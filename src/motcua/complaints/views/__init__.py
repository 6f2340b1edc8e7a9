"""The officials' case pages (vụ việc)."""
