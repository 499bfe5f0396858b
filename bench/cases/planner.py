"""Slot finder: the 35 administrations of the region plus Brussels, Paris and New York, 14 days at 15-minute
steps (1,344 candidates x 38 places), a 2-hour session, top 10. The baseline is find_slots_naive: the same
search with a zoneinfo conversion per place per candidate; both run side by side in one process and are
checked to give the same slots first. The range holds the EU switch to summer time (28 March 2021) and
the end of summer time in Sydney, Auckland and Apia (4 April 2021).
Budget (issue 4): ratio <= 0.2 (at least 5x faster than naive).
"""

import datetime as dt

from rocb.scheduling.planner import Place, find_slots, find_slots_naive

# code, zone, working days (from reference/wco-ap-members.csv)
ADMINISTRATIONS = [
    ("AF", "Asia/Kabul", "Sat-Wed"), ("BD", "Asia/Dhaka", "Sun-Thu"), ("BT", "Asia/Thimphu", "Mon-Fri"),
    ("IN", "Asia/Kolkata", "Mon-Fri"), ("IR", "Asia/Tehran", "Sat-Wed"), ("MV", "Indian/Maldives", "Sun-Thu"),
    ("NP", "Asia/Kathmandu", "Sun-Fri"), ("PK", "Asia/Karachi", "Mon-Fri"), ("LK", "Asia/Colombo", "Mon-Fri"),
    ("CN", "Asia/Shanghai", "Mon-Fri"), ("HK", "Asia/Hong_Kong", "Mon-Fri"), ("MO", "Asia/Macau", "Mon-Fri"),
    ("MN", "Asia/Ulaanbaatar", "Mon-Fri"), ("JP", "Asia/Tokyo", "Mon-Fri"), ("KR", "Asia/Seoul", "Mon-Fri"),
    ("BN", "Asia/Brunei", "Mon-Thu+Sat"), ("KH", "Asia/Phnom_Penh", "Mon-Fri"),
    ("ID", "Asia/Jakarta", "Mon-Fri"), ("MY", "Asia/Kuala_Lumpur", "Mon-Fri"), ("MM", "Asia/Yangon", "Mon-Fri"),
    ("LA", "Asia/Vientiane", "Mon-Fri"), ("PH", "Asia/Manila", "Mon-Fri"), ("SG", "Asia/Singapore", "Mon-Fri"),
    ("TH", "Asia/Bangkok", "Mon-Fri"), ("VN", "Asia/Ho_Chi_Minh", "Mon-Fri"),
    ("AU", "Australia/Sydney", "Mon-Fri"), ("FJ", "Pacific/Fiji", "Mon-Fri"),
    ("NZ", "Pacific/Auckland", "Mon-Fri"), ("PG", "Pacific/Port_Moresby", "Mon-Fri"),
    ("PW", "Pacific/Palau", "Mon-Fri"), ("WS", "Pacific/Apia", "Mon-Fri"),
    ("SB", "Pacific/Guadalcanal", "Mon-Fri"), ("TL", "Asia/Dili", "Mon-Fri"),
    ("TO", "Pacific/Tongatapu", "Mon-Fri"), ("VU", "Pacific/Efate", "Mon-Fri"),
]
EXTRA_ZONES = ["Europe/Brussels", "Europe/Paris", "America/New_York"]
FIRST, LAST = dt.date(2021, 3, 22), dt.date(2021, 4, 4)
MINUTES = 120


def places():
    chosen = [Place(code, code, zone, days, weight=1 + i % 3) for i, (code, zone, days) in
              enumerate(ADMINISTRATIONS)]
    return chosen + [Place.extra_zone(name) for name in EXTRA_ZONES]


def run(ctx):
    chosen = places()
    assert len(chosen) == 38
    rows = []
    for label, constraints in (("", ()), (", Brussels 08-18", ("Europe/Brussels@08:00-18:00",))):
        def fast(constraints=constraints):
            return find_slots(chosen, FIRST, LAST, MINUTES, constraints)

        def naive(constraints=constraints):
            return find_slots_naive(chosen, FIRST, LAST, MINUTES, constraints)

        if fast() != naive():
            raise AssertionError("find_slots and find_slots_naive disagree")
        fast_s = ctx.timeit(fast, repeat=15)
        naive_s = ctx.timeit(naive, repeat=5)
        rows.append({
            "case": f"planner 35 admins+3 zones 14 days{label}", "median_ms": round(fast_s * 1000, 2),
            "baseline": "naive zoneinfo", "ratio": round(fast_s / naive_s, 3), "queries": None,
            "budget": "ratio <= 0.2",
        })
    return rows
