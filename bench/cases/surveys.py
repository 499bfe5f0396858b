"""Needs survey: the staff status page and the results page of the last demo cycle (35 administrations, ~28
responses x 40 topics in the demo data) at 1 and 20 years of history: the query count must not grow and the
time barely; and exporting the 20-year history (~22,000 need items) to XLSX against pandas writing the same
long frame with openpyxl. Budgets (issue 6): queries equal at 1 and 20 years; export ratio <= 3.
"""

import io

import pandas as pd

from rocb.surveys import exports, reports
from rocb.surveys.demo import last_year
from rocb.workshops.demo import FIXED_TODAY

LAST_YEAR = last_year(FIXED_TODAY)  # the last demo cycle of the bench's data sets (built with --today FIXED_TODAY)


def run(ctx):
    rows = [
        ctx.compare_years("survey status page 35 admins x 40 topics", f"/surveys/{LAST_YEAR}/", role="staff"),
        ctx.compare_years("survey results page 35 admins x 40 topics", f"/surveys/{LAST_YEAR}/results", role="staff"),
    ]
    with ctx.app(20).app_context():
        history = reports.export_rows()
    frame = pd.DataFrame(history, columns=exports.LONG_COLUMNS)

    def ours():
        return exports.export_xlsx(history)

    def pandas_long_only():
        out = io.BytesIO()
        frame.to_excel(out, sheet_name="Need items", index=False, engine="openpyxl")
        return out.getvalue()

    ours_s = ctx.timeit(ours, repeat=3)
    pandas_s = ctx.timeit(pandas_long_only, repeat=3)
    rows.append({
        "case": f"survey XLSX export 20 years ({len(history)} rows, long + 2 matrices)",
        "median_ms": round(ours_s * 1000, 1), "baseline": "pandas to_excel (long sheet only)",
        "ratio": round(ours_s / pandas_s, 3), "queries": None, "budget": "ratio <= 3",
    })
    return rows


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.run import Context

    for row in run(Context(repeat=5)):
        print(row)
