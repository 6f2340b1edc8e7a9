"""Steering programmes and their tasks (chương trình công tác, nhiệm vụ được giao)."""
