"""Tests of rnnbook.train, one file per module."""
