"""Runnable benchmarks (DESIGN §9): `python -m bench [--quick] [--only NAME]`.

Each benchmark measures a figure side by side with its baseline in the same run and returns one
line per figure (bench/report.py); bench/suite.py lists them. Everything binds 127.0.0.1 only,
is bounded in count and time, and stops what it started.
"""
