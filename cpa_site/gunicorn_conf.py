"""gunicorn's settings for the web process: docker-compose.yml, the Dockerfile and `make bench`
all start it with `--config python:cpa_site.gunicorn_conf`, so the benchmark measures what ships.

One sync worker per core by default. Measured in `make bench` (issue #18, 2 cores, PostgreSQL on
the same machine, a quick hour): with 200 residents applying at once, 2 workers answered in p50
0.78-0.99 s and p99 1.44-1.69 s (10-12 ms of CPU per application), 3 workers in 0.91-0.93 /
1.68-1.84 s (13-14 ms each) and 4 in 1.26 / 2.34 s. Every request here is mostly Python, and
extra workers only take turns on the same cores and queue on the cohort's lock. Set
WEB_CONCURRENCY (gunicorn's own variable) for more, e.g. when the database is on another host
and workers spend longer waiting for it.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
