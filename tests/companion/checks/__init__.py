"""Tests of rnnbook.checks, one file per module."""
