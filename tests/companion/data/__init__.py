"""Tests of rnnbook.data, one file per module."""
