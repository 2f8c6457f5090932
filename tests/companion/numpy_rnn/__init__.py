"""Tests of rnnbook.numpy_rnn, one file per module."""
