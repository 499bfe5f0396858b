"""A web worker told to stop (a deploy, gunicorn's max-requests) finishes the re-render its thread has started,
instead of dying in the middle of it (as a daemon thread did: SIGABRT from matplotlib's C++ at interpreter exit)."""

import subprocess
import sys
import textwrap


def test_a_stopping_worker_finishes_the_rerender_in_progress(tmp_path):
    done = tmp_path / "rendered"
    script = textwrap.dedent(f"""
        import sys, time
        from rocb import create_app, refresh

        app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32, "ROCB_REFRESH": "thread",
                          "HUEY_SQLITE_FILE": {str(tmp_path / "huey.sqlite")!r}, "HUEY_REDIS_URL": None}})

        def render():
            time.sleep(1.0)  # a chart being drawn when the worker is told to stop
            open({str(done)!r}, "w").write("ok")

        with app.app_context():
            assert refresh.in_background("page", render)
        sys.exit(0)  # what a gunicorn worker does on SIGTERM
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert done.read_text() == "ok"
