"""Which question each "missing" line of the record is about, so the record page can take the
secretary straight to that question's form; and the finished questions' text fields the
secretary may fill there. No Flask here.

The rules of what is missing live in one place (`data.missing_parts`); this module does not
repeat them. It asks that function again about each question alone and keeps the lines that
question adds: whatever those rules become, a line about a question points to it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from projector.vocabulary import OUTCOMES

from . import data

# The text fields of a finished question the record page edits (the same PATCH as the
# moderator's), by the outcome that uses them.
FIELDS_BY_STATUS: dict[str, tuple[str, ...]] = {
    "answered": ("responder", "answer_summary", "conclusion"),
    "resolving": ("responder", "answer_summary", "conclusion", "reply_by", "reply_due"),
    "written_reply": ("responder", "answer_summary", "conclusion", "reply_by", "reply_due"),
    "referred": ("responder", "answer_summary", "conclusion", "referred_to"),
}
FINISHED = frozenset(s.value for s in OUTCOMES)


def _lines(record: data.Record, question: dict[str, Any] | None) -> Counter[str]:
    """The missing lines with only `question` (or none) left in the record's question lists."""
    part = replace(record,
                   taken_up=[q for q in record.taken_up if q is question],
                   follow_up=[q for q in record.follow_up if q is question],
                   not_reached=[])
    return Counter(data.missing_parts(part))


def items(record: data.Record) -> list[dict[str, Any]]:
    """`record.missing`, each line with the question it is about (`question_id`, `number`) or
    None for the minutes' own parts and the count of questions not reached."""
    base = _lines(record, None)
    owner: dict[str, dict[str, Any]] = {}
    for question in {q["id"]: q for q in (*record.taken_up, *record.follow_up)}.values():
        for line in _lines(record, question) - base:
            owner.setdefault(line, question)
    out = []
    for line in record.missing:
        question = owner.get(line)
        out.append({"text": line, "question_id": question["id"] if question else None,
                    "number": question["number"] if question else None})
    return out


def finished(record: data.Record) -> list[dict[str, Any]]:
    """The questions with an outcome, by number, with the text fields their outcome uses."""
    return [{"id": q["id"], "number": q["number"], "text": q["text"], "status": q["status"],
             "fields": list(FIELDS_BY_STATUS[q["status"]]),
             **{key: q[key] for key in ("responder", "answer_summary", "conclusion", "reply_by", "reply_due",
                                        "referred_to")}}
            for q in record.questions if q["status"] in FINISHED]
