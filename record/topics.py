"""The record by field (lĩnh vực), as the meeting took them: "Đối thoại theo từng vấn đề, chủ
đề". For the minutes and the report: the same questions, grouped under their fields in the
order the chairman took the fields up. No Flask, no database: the caller passes the rows.

One "other" group, never two: the conference's fields include one for what fits nowhere else
("Khác" by default), and a question nobody put under a field joins it; only a conference that
has no such field lists those questions under "Lĩnh vực khác".
"""
from __future__ import annotations

from typing import Any

from conference.text import fold

from .data import vi

NO_FIELD = "Lĩnh vực khác"  # questions nobody put under a field (the record's words, Vietnamese)
# A field's name that says "other", case and diacritics aside: "Khác", "KHÁC", "Lĩnh vực khác".
OTHER_NAMES = frozenset({"khac", fold(NO_FIELD)})


def other_field(questions: list[dict[str, Any]], topics: list[dict[str, Any]] | None = None) -> tuple[int, str] | None:
    """The conference's own field for what fits nowhere else, as (id, name): the first in the
    chairman's list (`topics`) whose name folds to "khac", else the first such field among
    the questions' own fields (one taken off the list that questions still name); None when
    the conference has none."""
    for topic in topics or []:
        if fold(topic.get("name")) in OTHER_NAMES:
            return topic["id"], topic["name"]
    for question in questions:
        if question.get("topic_id") is not None and fold(question.get("topic_name")) in OTHER_NAMES:
            return question["topic_id"], question["topic_name"]
    return None


def other_name(questions: list[dict[str, Any]], topics: list[dict[str, Any]] | None = None,
               other: str | None = None) -> str:
    """The name under which a question without a field is listed: the conference's "Khác"
    field when it has one, else `other` ("Lĩnh vực khác" by default)."""
    found = other_field(questions, topics)
    return found[1] if found else other or vi(NO_FIELD)


def by_field(questions: list[dict[str, Any]], topics: list[dict[str, Any]] | None = None,
             other: str | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """`questions` (rows with `topic_id`, `topic_name`, `shown_at`, `number`) as (field name,
    its questions): first the fields in the order their first question went on screen; then
    the fields never taken up, in the chairman's order (`topics`, as `store.topics_list`
    gives them), then any other field in the order met; questions without a field last.
    Within a field: those taken up in the order shown, then the rest by number. A question
    without a field joins the conference's "Khác" field (`other_field`) when there is one;
    else `other` names them (the documents' Vietnamese by default; a page's language)."""
    other = other or vi(NO_FIELD)
    found = other_field(questions, topics)
    groups: dict[int | None, list[dict[str, Any]]] = {}
    names: dict[int | None, str] = {None: other}
    if found:
        names[found[0]] = found[1]
    for question in questions:
        topic_id = question.get("topic_id")
        if topic_id is None and found:
            topic_id = found[0]
        groups.setdefault(topic_id, []).append(question)
        if topic_id is not None and topic_id not in names:
            names[topic_id] = question.get("topic_name") or other
    chairman_order = {t["id"]: n for n, t in enumerate(topics or [])}
    met = {topic_id: n for n, topic_id in enumerate(groups)}

    def first_shown(topic_id: int | None) -> str:
        return min((q["shown_at"] for q in groups[topic_id] if q.get("shown_at")), default="")

    def field_key(topic_id: int | None) -> tuple[Any, ...]:
        if topic_id is None:
            return (3, "", 0)
        taken = first_shown(topic_id)
        if taken:
            return (0, taken, 0)
        if topic_id in chairman_order:
            return (1, "", chairman_order[topic_id])
        return (2, "", met[topic_id])

    def question_key(question: dict[str, Any]) -> tuple[Any, ...]:
        shown = question.get("shown_at")
        return (0 if shown else 1, shown or "", question.get("number") or 0, question.get("id") or 0)

    return [(names[topic_id], sorted(groups[topic_id], key=question_key)) for topic_id in sorted(groups, key=field_key)]
