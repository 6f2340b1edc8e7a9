"""Steering programmes and their tasks (chương trình công tác, nhiệm vụ được giao)."""

from django.db import models  # noqa: F401
