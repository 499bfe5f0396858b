"""The third measure of needs vs delivery: "applied" (Kirkpatrick level 3). Pure: no Flask, no database.

Input (NeedsData.followups): one row per follow-up sent, `workshop_id, administration_code, applied`, applied being
"not yet", "partly", "fully", or null while the administration has not answered.

Rules (per cycle x topic x administration that asked for the topic and was reached on it, see rocb.analytics.frames):
  - the follow-ups that count are those of the held workshops on the topic in the cycle's window to which the
    administration sent a formal participant (the workshops that reached it);
  - applied: at least one of them answered "partly" or "fully";
  - reached, not applied: answered, and every answer is "not yet";
  - no answer yet: followed up, and no answer yet;
  - an administration reached whose follow-up has not been sent (not due yet, or a record from before follow-ups)
    is none of these: asking_reached = asking_applied + asking_not_applied + asking_no_answer + not followed up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FOLLOWUP_COLUMNS = ("workshop_id", "administration_code", "applied")
APPLIED = ("partly", "fully")
USE_APPLIED = "applied"
USE_NOT_APPLIED = "reached, not applied"
USE_NO_ANSWER = "no answer yet"
PAIR = ["cycle_year", "administration_code", "topic_code"]


def normalise(followups: pd.DataFrame) -> pd.DataFrame:
    """The follow-up rows with integer workshop ids and applied as text or None (unknown values read as null)."""
    frame = followups.copy()
    frame["workshop_id"] = pd.to_numeric(frame["workshop_id"]).astype("int64")
    applied = frame["applied"].astype(object)
    frame["applied"] = applied.where(applied.isin(("not yet", *APPLIED)), None)
    return frame


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame({"cycle_year": pd.Series(dtype="int64"), "administration_code": pd.Series(dtype=object),
                         "topic_code": pd.Series(dtype=object), "use": pd.Series(dtype=object)})


def use_pairs(held: pd.DataFrame, formal: pd.DataFrame, followups: pd.DataFrame) -> pd.DataFrame:
    """What became of the delivery per cycle x administration x topic it reached and followed up:
    cycle_year, administration_code, topic_code, use (USE_APPLIED, USE_NOT_APPLIED or USE_NO_ANSWER).

    held: cycle_year, topic_code, workshop_id (frames.held_on_topic); formal: workshop_id, administration_code,
    formal (frames.formal_by_workshop); followups: FOLLOWUP_COLUMNS (normalised)."""
    if held.empty or formal.empty or followups.empty:
        return _empty_pairs()
    reached = formal.dropna(subset=["administration_code"])[["workshop_id", "administration_code"]]
    attended = held[["cycle_year", "topic_code", "workshop_id"]].astype({"workshop_id": "int64"}).merge(
        reached.astype({"workshop_id": "int64"}), on="workshop_id")
    asked = attended.merge(followups, on=["workshop_id", "administration_code"])
    if asked.empty:
        return _empty_pairs()
    asked = asked.assign(is_applied=asked["applied"].isin(APPLIED), is_answered=asked["applied"].notna())
    pairs = asked.groupby(PAIR, as_index=False).agg(applied=("is_applied", "any"), answered=("is_answered", "any"))
    pairs["use"] = np.where(pairs["applied"], USE_APPLIED,
                            np.where(pairs["answered"], USE_NOT_APPLIED, USE_NO_ANSWER))
    return pairs[[*PAIR, "use"]]


def use_counts(asked_reached: pd.DataFrame, uses: pd.DataFrame) -> pd.DataFrame:
    """Per cycle x topic, of the administrations that asked and were reached (asked_reached: PAIR + is_reached):
    asking_applied, asking_not_applied, asking_no_answer."""
    frame = asked_reached[asked_reached["is_reached"]][PAIR].merge(uses, on=PAIR, how="left")
    counts = {"asking_applied": USE_APPLIED, "asking_not_applied": USE_NOT_APPLIED,
              "asking_no_answer": USE_NO_ANSWER}
    frame = frame.assign(**{column: frame["use"] == use for column, use in counts.items()})
    return frame.groupby(["cycle_year", "topic_code"]).agg(**{column: (column, "sum") for column in counts})
