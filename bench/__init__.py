"""The benchmark of akk-cms (``make bench``); see docs/performance.md."""
