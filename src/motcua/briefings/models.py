"""Briefing meetings (giao ban) of a steering committee: packs as PDF/XLSX, agenda, conclusions as tasks."""

from django.db import models  # noqa: F401
