"""Speed and size benchmarks (not part of the test run): ``python -m benchmarks``; see README."""
