"""Benchmarks and soak tests of the survey bot against the fake Bot API (run from the repo root:
``.venv/bin/python -m benchmarks.soak``, ``-m benchmarks.load``, ``-m benchmarks.figures``)."""
