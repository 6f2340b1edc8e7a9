"""Briefing meetings (giao ban) of a steering committee: packs as PDF/XLSX, agenda, conclusions as tasks."""
