"""Periodic progress reports of lead units, reminders and escalation (báo cáo định kỳ, nhắc hạn)."""

from django.db import models  # noqa: F401
