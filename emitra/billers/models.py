"""Billers keep no tables: the state of a posting lives on the payments receipt line."""
