"""The number of queries a feed costs does not grow with the data."""

from datetime import datetime, timedelta

from rocb.extensions import cache, db
from rocb.registry.models import Fund, Organization, Topic
from tests.conftest import QueryCounter
from tests.feeds.rows import add_participant, add_workshop, administration, first_entity, in_days


def add_workshops(count, offset=0):
    topics = db.session.execute(db.select(Topic)).scalars().all()[:3]
    funds = db.session.execute(db.select(Fund)).scalars().all()[:2]
    organizations = db.session.execute(db.select(Organization)).scalars().all()[:2]
    entity = first_entity()
    for n in range(offset, offset + count):
        day = in_days(n % 300 - 100)
        workshop = add_workshop(f"Workshop {n}", sessions=[(day, day + timedelta(hours=2)),
                                                          (day + timedelta(days=1), day + timedelta(days=1, hours=2))],
                                host_entity_id=entity.id)
        workshop.topics.extend(topics)
        workshop.funds.extend(funds)
        workshop.organizer_organizations.extend(organizations)
        workshop.organizer_entities.append(entity)
        workshop.invited_administrations.append(administration("TH"))
        add_participant(workshop, f"Participant {n}", f"p{n}@customs.go.th", "TH")
    add_workshop("Long ago", sessions=[(datetime(2001, 1, 1, 9), datetime(2001, 1, 1, 10))])
    db.session.commit()


def queries_of(client, url):
    cache.clear()
    with QueryCounter() as cold:
        assert client.get(url).status_code == 200
    with QueryCounter() as warm:
        assert client.get(url).status_code == 200
    return cold.count, warm.count


def test_feed_queries_do_not_grow_with_the_data(seeded, client):
    entity_id = first_entity().id
    urls = ["/calendar.ics", "/administrations/TH/calendar.ics", f"/entities/{entity_id}/calendar.ics"]
    add_workshops(3)
    small = {url: queries_of(client, url) for url in urls}
    add_workshops(60, offset=3)
    large = {url: queries_of(client, url) for url in urls}
    assert large == small
    # warm: data version and body from the cache; only the administration or entity named in the address is read
    assert [warm for _cold, warm in small.values()] == [0, 1, 1]


def test_workshop_download_queries_do_not_grow_with_its_sessions(seeded, client):
    few = add_workshop("Few sessions", sessions=[(in_days(1), in_days(1, 12))])
    many = add_workshop("Many sessions", sessions=[(in_days(d), in_days(d, 12)) for d in range(1, 30)])
    assert queries_of(client, f"/workshops/{few.id}.ics") == queries_of(client, f"/workshops/{many.id}.ics")


def test_descriptions_name_organizers_fund_and_topics_as_the_workshop_records_them(seeded, client, app):
    from rocb.feeds.ical import description_text
    from rocb.feeds.services import feed_event
    from rocb.workshops.models import Workshop
    from tests.feeds.test_ical import read_everywhere

    add_workshops(2)
    workshop = db.session.execute(db.select(Workshop).where(Workshop.title == "Workshop 1")).scalar_one()
    with app.test_request_context():
        expected = {f"{s.uid}@rocb.test": description_text(feed_event(s), private=False) for s in workshop.sessions}
    assert "Organizers: " in next(iter(expected.values())) and "Topics: " in next(iter(expected.values()))
    served = {e.uid: e.description for e in read_everywhere(client.get("/calendar.ics").data)["vobject"]}
    for uid, description in expected.items():
        assert served[uid] == description
