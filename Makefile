# ROCB Capacity: the README's two commands (make run, make test), and make bench.
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app.py
PYTEST ?= $(PY) -m pytest
PORT   ?= 5000

.PHONY: run test test-only bench bench-pg bench-load lint install browser libical fonts libreoffice migration

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Serve on http://127.0.0.1:5000 with SQLite under instance/ (migrated, seeded if empty, first admin printed),
# with the background worker (mail delivery, periodic jobs) beside it; the worker stops when the server does.
run: install fonts
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(FLASK) first-admin
	@$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests (installed when missing and we may; never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -q && apt-get install -y -q chromium) || \
	  echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)"; }

# Debian's libical (the C library of Evolution and many CalDAV servers): tests/feeds/test_libical.py reads every
# feed with it through ctypes (no compiler, no bindings). Installed when missing and we may.
libical:
	@ldconfig -p 2>/dev/null | grep -q 'libical\.so\.3' || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -q && apt-get install -y -q libical3) || \
	  echo "libical is not installed: the libical feed tests will be skipped (apt-get install libical3)"; }

# Debian's Noto fonts for certificates of participation (names in Thai, Chinese, Devanagari, Cyrillic, Latin with
# diacritics): fonts-noto-core and fonts-noto-cjk. Installed when missing and we may.
fonts:
	@[ -f /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf ] && [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -q && apt-get install -y -q fonts-noto-core fonts-noto-cjk) || \
	  echo "The Noto fonts are not installed: certificates cannot be made (apt-get install fonts-noto-core fonts-noto-cjk)"; }

# Debian's LibreOffice Writer (headless) for the test that converts the Word report (installed when missing and we may).
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer-nogui) || \
	  echo "LibreOffice is not installed: the DOCX conversion test will be skipped (apt-get install libreoffice-writer-nogui)"; }

test: install browser libical fonts libreoffice
	$(PYTEST)

test-only:
	$(PYTEST)

bench: install fonts
	$(PY) -m bench.run

# The same cases with the pages served from PostgreSQL (127.0.0.1:5432; data sets kept as databases rocb_bench_*).
bench-pg: install fonts
	ROCB_BENCH_POSTGRES=$${ROCB_BENCH_POSTGRES:-postgresql+psycopg://postgres@127.0.0.1:5432} $(PY) -m bench.run

# gunicorn (4 workers) on PostgreSQL and Redis under a bounded concurrent load, loopback only (bench/load.py).
bench-load: install
	$(PY) -m bench.load

lint: install
	$(VENV)/bin/ruff check .

# Rebuild the initial migration from the models (pre-release schema).
migration: install
	./scripts/regen-migration.sh
