"""`make bench`: the performance suite. Not collected by pytest (no test_*.py files here)."""
