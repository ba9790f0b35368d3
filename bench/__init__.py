"""Benchmarks, each run as a script (see bench/README.md); never imported by the app or its tests."""
