"""Data versions: a cache keyed on them is rebuilt exactly when the data of its domains changes."""

from datetime import date, datetime

from sqlalchemy import delete, insert, update

from rocb.extensions import db
from rocb.registry.models import Topic
from rocb.versioning import DataVersion, data_version, table_domains, version_and_time
from rocb.workshops.models import Workshop, workshop_topics
from tests.conftest import QueryCounter
from tests.feeds.rows import add_workshop


def test_a_domain_never_written_reads_as_zero(app):
    assert data_version("surveys") == "surveys=0"


def test_a_workshop_change_changes_the_workshops_version_only(app):
    before_workshops, before_registry = data_version("workshops"), data_version("registry")
    workshop = add_workshop(sessions=[(datetime(2030, 3, 1, 10), datetime(2030, 3, 1, 12))])
    after_create = data_version("workshops")
    assert after_create != before_workshops
    assert data_version("registry") == before_registry

    workshop.title = "Regional workshop on AEO (second edition)"
    db.session.commit()
    assert data_version("workshops") != after_create


def test_an_unchanged_commit_keeps_the_version(app):
    workshop = add_workshop()
    version = data_version("workshops")
    workshop.title = workshop.title  # same value: nothing written
    db.session.commit()
    assert data_version("workshops") == version


def test_a_rolled_back_change_keeps_the_version(app):
    workshop = add_workshop()
    version = data_version("workshops")
    workshop.title = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert data_version("workshops") == version


def test_adding_a_topic_to_a_workshop_changes_the_version(seeded):
    workshop = add_workshop()
    version = data_version("workshops")
    workshop.topics.append(db.session.execute(db.select(Topic)).scalars().first())
    db.session.commit()
    assert data_version("workshops") != version


def test_bulk_statements_change_the_version(seeded):
    workshop = add_workshop()
    topic = db.session.execute(db.select(Topic)).scalars().first()
    version = data_version("workshops")
    db.session.execute(update(Workshop).where(Workshop.id == workshop.id).values(venue_city="Suva"))
    db.session.commit()
    after_update = data_version("workshops")
    assert after_update != version

    db.session.execute(insert(workshop_topics).values(workshop_id=workshop.id, topic_id=topic.id))
    db.session.commit()
    after_link = data_version("workshops")
    assert after_link != after_update

    db.session.execute(delete(Workshop).where(Workshop.id == workshop.id))
    db.session.commit()
    assert data_version("workshops") != after_link


def test_registry_changes_change_the_registry_version(seeded):
    version = data_version("registry")
    db.session.add(Topic(code="ZZ-TEST", name="A new topic", package="Revenue"))
    db.session.commit()
    assert data_version("registry") != version


def test_versions_of_several_domains_read_in_one_query(app):
    add_workshop(first_day=date(2030, 3, 1))
    with QueryCounter() as queries:
        version, changed = version_and_time("workshops", "registry", "surveys")
    assert queries.count == 1
    assert version.startswith("registry=0;surveys=0;workshops=")
    assert changed == db.session.execute(db.select(DataVersion.changed_at)).scalar_one()


def test_link_tables_belong_to_the_domain_of_their_model(app):
    domains = table_domains()
    assert domains["workshop_topics"] == "workshops"
    assert domains["sessions"] == "workshops"
    assert domains["administrations"] == "registry"
    assert domains["users"] == "accounts"  # the session check keeps users while it holds (rocb/auth/sessions.py)


def test_versions_are_read_from_the_cache_until_a_commit_changes_them(app):
    workshop = add_workshop()
    data_version("workshops")
    with QueryCounter() as unchanged:
        version = data_version("workshops")
    assert unchanged.count == 0  # a cached page or a 304 costs no query for its version

    workshop.title = "Sub-regional workshop on AEO"
    db.session.flush()
    assert data_version("workshops") != version  # the writing transaction sees its own change
    db.session.commit()
    changed = data_version("workshops")
    assert changed != version  # and after the commit, so does everyone reading the cache
    db.session.rollback()
    assert data_version("workshops") == changed


def test_after_a_restore_every_domain_has_a_new_version_even_one_never_written(app):
    from rocb.versioning import restart_clocks

    add_workshop()
    before = {domain: data_version(domain) for domain in ("workshops", "accounts")}
    assert before["accounts"] == "accounts=0"  # no user written yet
    restart_clocks()
    # A worker kept checked users at "accounts=0": after a restore that version must not come back.
    assert all(data_version(domain) != version for domain, version in before.items())
