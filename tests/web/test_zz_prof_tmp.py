import cProfile, pstats, time
from django.test import Client

def test_prof(demo_db, signed_in):
    c = signed_in("board")
    c.get("/p/stockton-on-tees/plans/new/")
    t = time.time()
    pr = cProfile.Profile(); pr.enable()
    for _ in range(5):
        r = c.get("/p/stockton-on-tees/plans/new/")
    pr.disable()
    print("per request", (time.time() - t) / 5, r.status_code)
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
    t = time.time()
    for _ in range(5):
        c = signed_in("board")
    print("per client", (time.time() - t) / 5)
