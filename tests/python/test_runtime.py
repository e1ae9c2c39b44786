"""How queries run under Python: off the GIL, stoppable with Ctrl-C or interrupt_all(), and
side by side from several threads."""
import faulthandler
import os
import signal
import threading
import time

import pytest

import tally
from tally import functions as F


@pytest.fixture()
def endless(spark):
    """A query that would run for hours: every pair of retail lines."""
    retail = spark.table("retail")
    return retail.crossJoin(retail.select(F.col("quantity").alias("q2")))


@pytest.fixture(autouse=True)
def watchdog():
    # If a query held the GIL, no Python code could end the test: a C-level timer does.
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def when_a_query_starts(action):
    """Runs action() on a thread of its own once the next query has started."""
    started = tally._tally.queries_started()

    def wait_then_act():
        while tally._tally.queries_started() == started:
            time.sleep(0.005)
        action()

    thread = threading.Thread(target=wait_then_act)
    thread.start()
    return thread


def test_ctrl_c_cancels_a_running_query(endless):
    sent = {}

    def interrupt():
        sent["at"] = time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)

    thread = when_a_query_starts(interrupt)
    with pytest.raises(KeyboardInterrupt):
        endless.count()
    thread.join()
    assert time.monotonic() - sent["at"] < 5  # the query alone would take hours


def test_interrupt_all_stops_queries_from_another_thread(endless):
    stopped = {}
    thread = when_a_query_starts(lambda: stopped.update(n=tally.interrupt_all()))
    with pytest.raises(tally.QueryCancelled):
        endless.collect()
    thread.join()
    assert stopped["n"] == 1


def test_other_python_threads_run_while_a_query_runs(endless):
    progress = {"loops": 0}
    result = {}

    def run():
        try:
            endless.count()
        except tally.QueryCancelled:
            result["cancelled"] = True

    started = tally._tally.queries_started()
    query = threading.Thread(target=run)
    query.start()
    while tally._tally.queries_started() == started:
        time.sleep(0.005)
    # Pure Python work on this thread while the query runs (it cannot end on its own).
    for _ in range(200_000):
        progress["loops"] += 1
    assert query.is_alive()
    tally.interrupt_all()
    query.join()
    assert result == {"cancelled": True} and progress["loops"] == 200_000


def test_queries_from_several_threads_at_once(spark, retail_pd):
    retail = spark.table("retail")
    queries = {
        "by_country": retail.groupBy("country").agg(F.sum("quantity").alias("q")),
        "by_code": retail.groupBy("stock_code").agg(F.count("*").alias("n")),
        "ordered": retail.orderBy(F.desc("quantity"), "invoice_no").limit(100),
    }
    alone = {name: sorted(map(tuple, q.collect())) for name, q in queries.items()}
    together = {}

    def run(name):
        together[name] = sorted(map(tuple, queries[name].collect()))

    threads = [threading.Thread(target=run, args=(n,)) for n in queries for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert together == alone


def test_a_query_error_on_the_query_thread_reaches_the_caller(spark):
    df = spark.createDataFrame([(1,), (0,)], "x INT")
    with pytest.raises(tally.ExecutionError, match="division by zero"):
        df.select(F.expr("10 / x")).collect()
