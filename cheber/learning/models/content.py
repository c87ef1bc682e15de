"""Lessons and their content (the learning agent fills this in)."""
