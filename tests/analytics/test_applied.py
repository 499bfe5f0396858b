"""The third measure of needs vs delivery, "applied": of the administrations that asked for a topic and were reached
on it, those whose follow-up says partly or fully applied; the gap list names where delivery did not lead to use.

On the hand-checked sample of test_frames (2021 survey; risk management asked by Thailand high, Japan medium, Fiji
low), a second risk-management workshop in the window reaches Japan and Fiji with formal participants.
"""

from datetime import date

from rocb.analytics.applied_chart import SEGMENTS, build_applied_figure, segments
from rocb.analytics.frames import needs_vs_delivery
from rocb.analytics.gaps import gap_list, plan_next
from tests.analytics.test_frames import person, sample, workshop

USE = ["asking_reached", "asking_applied", "asking_not_applied", "asking_no_answer"]


def followup(workshop_id, admin, applied):
    return {"workshop_id": workshop_id, "administration_code": admin, "applied": applied}


def reached_everywhere(followups):
    base = sample()
    return sample(
        workshops=[*base.workshops.assign(first_day=base.workshops["first_day"].dt.date,
                                          last_day=base.workshops["last_day"].dt.date).to_dict("records"),
                   workshop(5, "held", date(2021, 11, 8))],
        workshop_topics=[*base.workshop_topics.to_dict("records"), {"workshop_id": 5, "topic_code": "RM"}],
        participation=[*base.participation.to_dict("records"), person(5, "JP", "formal participant"),
                       person(5, "FJ", "formal participant", 2)],
        followups=followups,
    )


def test_applied_counts_who_asked_was_reached_and_said_partly_or_fully():
    data = reached_everywhere([
        followup(1, "TH", "fully"),
        followup(5, "JP", "not yet"),
        followup(1, "JP", "fully"),  # Japan only observed workshop 1: its answer there does not count
        followup(5, "FJ", None),  # followed up, no answer yet
    ])
    rm = needs_vs_delivery(data, 2021).set_index("topic_code").loc["RM"]
    assert rm[USE].tolist() == [3, 1, 1, 1]
    assert rm["coverage"] == 1.0 and rm["unmet_need"] == 0


def test_one_workshop_applied_is_enough_and_unanswered_reached_pairs_are_not_counted():
    data = reached_everywhere([
        followup(1, "TH", "not yet"),
        followup(2, "TH", "fully"),  # workshop 2 was after the window: not this cycle's delivery
        followup(5, "JP", "not yet"),
        followup(5, "JP", "maybe"),  # an unknown value reads as no answer
    ])
    rm = needs_vs_delivery(data, 2021).set_index("topic_code").loc["RM"]
    # Thailand said not yet for the workshop of the window; Japan not yet; Fiji was not followed up yet.
    assert rm[USE].tolist() == [3, 0, 2, 0]
    partly = reached_everywhere([followup(1, "TH", "not yet"), followup(5, "TH", "partly")])
    # Thailand did not attend workshop 5: that follow-up row is not one of the workshops that reached it
    assert needs_vs_delivery(partly, 2021).set_index("topic_code").loc["RM"][USE].tolist() == [3, 0, 1, 0]


def test_the_gap_list_names_where_delivery_did_not_lead_to_use_and_plan_next_only_who_was_not_reached():
    data = reached_everywhere([followup(1, "TH", "fully"), followup(5, "JP", "not yet"), followup(5, "FJ", None)])
    gaps = gap_list(data, 2021)
    assert gaps[["topic_code", "administration_code", "gap"]].values.tolist() == [
        ["RM", "JP", "reached, not applied"],
        ["RM", "FJ", "no answer yet"],
        ["VA", "FJ", "not reached"],
        ["VA", "JP", "not reached"],
    ]
    assert plan_next(data, 2021)["topic_code"].tolist() == ["VA"]  # risk management reached everybody who asked
    assert gap_list(sample(), 2021)["gap"].unique().tolist() == ["not reached"]


def test_without_any_followup_the_measures_are_zero_and_nothing_breaks():
    frame = needs_vs_delivery(sample(followups=[]), 2021)
    assert frame[USE[1:]].to_numpy().sum() == 0
    assert needs_vs_delivery(sample(workshops=[], participation=[], followups=[followup(1, "TH", "fully")]),
                             2021)[USE].to_numpy().sum() == 0


def test_the_chart_splits_each_topics_asking_administrations_into_what_became_of_them():
    data = reached_everywhere([followup(1, "TH", "fully"), followup(5, "JP", "not yet")])
    frame = needs_vs_delivery(data, 2021)
    parts = segments(frame.set_index("topic_code"))
    assert parts.loc["RM"].tolist() == [1, 1, 0, 1, 0]  # Fiji reached, not followed up yet
    assert parts.loc["VA"].tolist() == [0, 0, 0, 0, 2]
    assert (parts.sum(axis=1) == frame.set_index("topic_code")["administrations_asking"]).all()
    fig = build_applied_figure(frame, "Asked, delivered and applied")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [label for label, _ in SEGMENTS]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Customs valuation", "Risk management"]
    empty = build_applied_figure(needs_vs_delivery(sample(need_items=[]), 2021), "x")
    assert [t.get_text() for t in empty.axes[0].texts] == ["No data"]
