import time


def test_scratch(page, live_demo, sign_in_as, axe_violations, describe_violations):
    t = time.time()
    from partnership.web.demo import demo_load
    demo_load()
    print("reload demo", time.time() - t)
    t = time.time()
    page.goto(live_demo.at("/"))
    print("home", time.time() - t)
    t = time.time()
    v = axe_violations(page)
    print("axe", time.time() - t, describe_violations(v))
    sign_in_as(page, live_demo, "officer")
    page.goto(live_demo.at("/p/stockton-on-tees/plans/cypp-2015-2018/"))
    v = axe_violations(page)
    print(describe_violations(v))
    page.goto(live_demo.at("/p/stockton-on-tees/plans/new/"))
    print(page.locator("main").inner_html()[:6000])
