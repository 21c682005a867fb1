"""`make bench` builds its academy with the same services residents use; when a rule changes
(a new required answer, say) the benchmark's set-up must still succeed, or the bench fails late
on someone's machine. Run here at a small size on the demo academy."""

import pytest

from cpa_site.demo import demo_academy_load
from enrollment.models import Application, Cohort
from tests.bench import bench_queries

pytestmark = pytest.mark.django_db


def test_query_benchmark_grows_the_demo_academy_including_classes_with_their_own_questions():
    demo_academy_load()
    bench_queries._grow_to(5)
    applications = Application.objects.filter(resident__username="resident@example.org")
    assert applications.count() == 5
    assert any(application.custom_answers for application in applications)


def test_the_outcome_reports_the_benchmark_counts_answer_the_coordinator_with_figures():
    demo_academy_load()
    coordinator = bench_queries._coordinator_client()
    finished = Cohort.objects.get(name="Autumn evening class")
    for name, path in bench_queries.outcome_reports(finished):
        assert bench_queries._count(coordinator, path) > 0, name


def test_the_server_cpu_reading_counts_the_workers_of_a_master_process():
    """The contention rows' CPU per application: a process and its children, as gunicorn's
    master and its workers are, read from /proc while they run."""
    import subprocess
    import sys
    import time

    from tests.bench.common import cpu_seconds

    master = subprocess.Popen(
        [sys.executable, "-c", (
            "import subprocess, sys; worker = subprocess.Popen([sys.executable, '-c', "
            "'import time\\nt = time.process_time()\\nwhile time.process_time() - t < 0.4: pass\\n"
            "time.sleep(30)']); worker.wait()"
        )]
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        used = cpu_seconds(master.pid) or 0.0
        while used < 0.4 and time.monotonic() < deadline:
            time.sleep(0.1)
            used = cpu_seconds(master.pid) or 0.0
        assert used >= 0.4  # the worker's loop, counted through its master
        assert cpu_seconds(2**22 + 12345) is None  # no such process
    finally:
        subprocess.run(["pkill", "-P", str(master.pid)], check=False)
        master.kill()
        master.wait()
