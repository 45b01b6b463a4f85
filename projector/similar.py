"""Similar matters: the questions of this conference a new one may duplicate (suggested merges)
and the matters of earlier conferences it brings back (with what became of them).

Residents write the same complaint twenty ways: with or without diacritics, with their
abbreviations (tdp, ubnd, k/ko, dc, dg…), typos, in another order. So a question is compared
as a bag of *terms*: syllables folded (no case, no diacritics, đ → d), the abbreviations and a
few synonyms written one way, the words every question has ("đề nghị", "xin hỏi", "phường")
left out, and each numbered place ("ngõ 12", "tổ 3", "số 14") kept as one term. The score is
a weighted overlap in 0–1 (typos: a syllable one edit away counts for most of a match, via
rapidfuzz), cut down by two rules that the hard cases need: two questions that name places of
one kind (two alleys, two groups, two streets) and share none are different matters, however
alike their words (the same flooding in another alley); and so are two that each name a kind
of problem (drainage, lighting, noise…) and share none (another problem in the same alley).

Bounded cost: SQLite's full-text index (`questions_fts`, migration m013) is asked for the
question's rarest words and returns CANDIDATES per scope, best bm25 first; only those are
scored here. A question's text is read up to MAX_CHARS, so a 1 MB text costs what a long
question costs. Measured by `bench/similar.py`, with precision and recall on the labelled
pairs in `tests/cases/similar_pairs.tsv` (and the held-out `similar_pairs_heldout.tsv`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA
from sqlite_utils import Database

from conference import clock, store
from conference.errors import not_found
from conference.i18n import _
from conference.text import fold

from .vocabulary import FOLLOW_UP, Status, follow_up_state

THRESHOLD = 0.5  # a suggestion from here up: chosen on the labelled pairs (bench/similar.py)
HERE_LIMIT = 5
EARLIER_LIMIT = 3
CANDIDATES = 30  # per scope, from the full-text index, best bm25 first
MAX_CHARS = 2000  # of a question's text, for matching
MAX_TERMS = 12  # distinct words of the new question looked up in the index
QUERY_TERMS = 5  # the rarest of them, asked of the index
MIN_TERMS = 2
RARE = 0.05  # a word held by at most this share of the questions searched is rare
RARE_FLOOR = 40
RARE_CAP = 250  # however long the history: each word asked walks and ranks that many questions at most
HERE_QUERY_TERMS, HERE_RARE, HERE_RARE_CAP = 10, 0.3, 1000

# ---------------------------------------------------------------- text → terms

_SYLLABLE = re.compile(r"[a-z0-9]+")

# Written one way: residents' abbreviations and a few synonyms (folded text, whole words).
# Longer phrases first, so "to dan pho" is read before "to".
_PHRASES: tuple[tuple[str, str], ...] = (
    ("giay chung nhan quyen su dung dat", "sodo"), ("quyen su dung dat", "sodo"),
    ("giay chung nhan", "sodo"), ("gcnqsdd", "sodo"), ("gcn", "sodo"), ("qsdd", "sodo"), ("so do", "sodo"),
    ("so hong", "sodo"),
    ("uy ban nhan dan", "ubnd"), ("to dan pho", "to"), ("tdp", "to"), ("khu pho", "to"),
    ("giai phong mat bang", "gpmb"), ("den bu", "boithuong"), ("boi thuong", "boithuong"),
    ("bao hiem y te", "bhyt"), ("bao hiem xa hoi", "bhxh"), ("sot xuat huyet", "sxh"),
    ("can cuoc cong dan", "cancuoc"), ("can cuoc", "cancuoc"), ("cccd", "cancuoc"), ("cmnd", "cancuoc"),
    ("xe buyt", "xebuyt"), ("xe bus", "xebuyt"), ("xe buyt", "xebuyt"),
    ("den tin hieu", "dengiaothong"), ("den giao thong", "dengiaothong"),
    ("den chieu sang", "den"), ("den duong", "den"), ("chieu sang", "den"),
    ("ngap ung", "ngap"), ("ung ngap", "ngap"), ("on ao", "on"), ("keu to", "on"),
    ("rac thai", "rac"), ("trom cap", "trom"), ("mat trom", "trom"),
    ("truong th", "truong tieu hoc"), ("cong ty", "cty"), ("tap the", "taphe"),
    ("nuoc sinh hoat", "nuocsh"), ("nuoc may", "nuocsh"), ("mat nuoc", "mat nuocsh"), ("tro cap", "trocap"),
    ("ho tro", "trocap"), ("o ga", "oga"), ("via he", "viahe"), ("lan chiem", "lanchiem"), ("ma tuy", "matuy"),
    ("tha rong", "tharong"), ("san choi", "sanchoi"), ("xay dung", "xaydung"), ("trai phep", "traiphep"),
    ("bien ap", "bienap"), ("chap chon", "chapchon"), ("hang rong", "hangrong"),
    ("cay xanh", "cay"), ("an ninh", "anninh"), ("un tac", "untac"), ("toc do", "tocdo"), ("xe tai", "xetai"),
    ("hoc phi", "hocphi"), ("thieu cho", "thieucho"), ("giao vien", "giaovien"), ("thuong tru", "thuongtru"),
    ("tam tru", "tamtru"), ("khai sinh", "khaisinh"), ("do xe", "doxe"), ("dau xe", "doxe"), ("gui xe", "doxe"),
)
# Phrases that need their context: "ô tô" (a car) but not "ở tổ 4" (in group 4).
_CONTEXT_PHRASES: tuple[tuple[str, str], ...] = ((r"\bo to\b(?! [0-9])", "oto"),)
_SINGLE: dict[str, str] = {
    "k": "khong", "ko": "khong", "kg": "khong", "khg": "khong", "hok": "khong",
    "dc": "duoc", "dk": "duoc", "dg": "duong", "p": "phuong", "q": "quan", "bn": "bao", "bus": "xebuyt",
    "ngach": "ngo", "hem": "ngo", "kiet": "ngo",
}
# Never a street's name: what follows "đường" when it is the road itself ("mặt đường bị lún").
_NOT_NAME = frozenset("""
gay bi hep xuong cap nhieu qua nguy hiem vo hong lon nho di cho pho nay kia do thi la va ngo to so khu nha
bo be tong nhua sau hang rong lam mat trong ngoai den xe
""".split())
# Said in nearly every question: no weight.
_STOP = frozenset("""
de nghi xin hoi cho toi chung la cua va thi bi rat qua nhieu dang da se co khong duoc nay do the nao gi ai ve voi
tai o mot nhung cac nhu lam roi het a ah ak nhe di giup phuong ubnd em anh chi ong ba minh con sao bao gio khi vi
ma van con duoc tren duoi trong ngoai cung hay hon lai len xuong ra vao kia day luc
""".split())
# Words with some meaning but common to many matters: little weight.
_LOW = frozenset("""
nha duong ngo to so khu dan nguoi gia dinh ho tien nam thang ngay gio dem sang toi chieu sua hong kiem tra xu ly
giai quyet thuc hien tinh trang van de viec lau thoi gian can them cap
""".split())
# A numbered place: the kind, an optional "số", then a number (or a block's letter).
_PLACE = re.compile(r"\b(ngo|to|so|khu|taphe|nha)(?: so)? ([0-9]+[a-z]?|[a-z])\b")
_PLACE_KINDS = {"ngo": "ngo", "to": "to", "so": "so", "nha": "so", "khu": "khu", "taphe": "khu"}
# A named place: a street ("đường Lĩnh Nam", "phố Vĩnh Hưng") or a school ("mầm non Hoa Sen"),
# the one or two syllables after the word that says so.
_NAMED = re.compile(r"\b(duong|pho|mam non|tieu hoc|thcs|thpt) ([a-z]+)(?: ([a-z]+))?")
_NAMED_KINDS = {"duong": "street", "pho": "street", "mam non": "school", "tieu hoc": "school", "thcs": "school",
                "thpt": "school"}

PLACE_WEIGHT = 1.0
CONCEPT_CONFLICT = 0.6  # each names a problem, and not the same one

# The kinds of problem a ward hears (the plan's fields, finer): two questions that each name
# one and share none are about different things, even in the same alley.
_CONCEPTS: dict[str, str] = {
    **dict.fromkeys(("ngap", "cong", "thoat", "vet"), "drainage"),
    **dict.fromkeys(("den",), "lighting"),
    **dict.fromkeys(("rac", "gom", "phe"), "garbage"),
    **dict.fromkeys(("on", "karaoke", "loa"), "noise"),
    **dict.fromkeys(("oga", "lun", "sut", "nhua"), "road"),
    **dict.fromkeys(("viahe",), "sidewalk"),
    **dict.fromkeys(("sodo", "thua", "dat", "boithuong", "gpmb"), "land"),
    **dict.fromkeys(("nuocsh",), "water"),
    **dict.fromkeys(("dien", "bienap", "chapchon"), "power"),
    **dict.fromkeys(("trom", "matuy", "nghien", "anninh", "camera"), "security"),
    **dict.fromkeys(("trocap", "ngheo", "khuyet"), "welfare"),
    **dict.fromkeys(("hocphi", "khoan", "phi"), "fees"),
    **dict.fromkeys(("thieucho", "giaovien"), "school"),
    **dict.fromkeys(("thuongtru", "tamtru", "khaisinh", "cancuoc"), "civil"),
    **dict.fromkeys(("doxe", "oto"), "parking"),
    **dict.fromkeys(("lanchiem", "hangrong"), "encroachment"),
    **dict.fromkeys(("xaydung", "traiphep", "nut"), "building"),
    **dict.fromkeys(("muoi", "sxh", "phun"), "health"),
    **dict.fromkeys(("xetai", "tocdo", "untac", "dengiaothong", "xebuyt"), "traffic"),
    **dict.fromkeys(("tharong",), "animals"),
    **dict.fromkeys(("sanchoi",), "playground"),
    **dict.fromkeys(("cay",), "trees"),
}
LOW_WEIGHT = 0.4
NUMBER_WEIGHT = 0.5
TYPO_CREDIT = 0.7  # a syllable one edit away from one in the other question
CONFLICT = 0.35  # places of the same kind, none shared: another matter


def _canonical(text: str) -> str:
    words = " ".join(_SINGLE.get(w, w) for w in _SYLLABLE.findall(fold(text[:MAX_CHARS])))
    for phrase, one in _PHRASES:
        if phrase in words:
            words = re.sub(rf"\b{phrase}\b", one, words)
    for pattern, one in _CONTEXT_PHRASES:
        words = re.sub(pattern, one, words)
    return words


@dataclass(frozen=True)
class Terms:
    """A question as the matcher reads it."""

    weights: dict[str, float]  # term → weight
    places: dict[str, frozenset[str]]  # kind → the places of that kind it names
    concepts: frozenset[str]  # the kinds of problem it names
    total: float  # the sum of the weights
    loose: tuple[str, ...]  # the terms a typo may hide in (words of 3 letters or more)


def terms(text: str) -> Terms:
    """The weighted terms of one question's text, read up to MAX_CHARS."""
    return _terms(text[:MAX_CHARS])


@lru_cache(maxsize=50_000)  # texts come back at every request; keys are at most MAX_CHARS long
def _terms(text: str) -> Terms:
    words = _canonical(text)
    places: dict[str, set[str]] = {}
    weights: dict[str, float] = {}

    def place(match: re.Match[str]) -> str:
        kind = _PLACE_KINDS[match.group(1)]
        places.setdefault(kind, set()).add(match.group(2))
        weights[f"{kind}:{match.group(2)}"] = PLACE_WEIGHT
        return " "

    # "tổ 3" that is the loudness ("mưa to") has no number after it: only numbered places count.
    rest = _PLACE.sub(place, words)
    for match in _NAMED.finditer(rest):
        name = [w for w in match.groups()[1:] if w and w not in _NOT_NAME and w not in _CONCEPTS]
        name = name if len(name) == 2 or not match.group(3) else name[:1]
        if name and match.group(2) not in _NOT_NAME and match.group(2) not in _CONCEPTS:
            places.setdefault(_NAMED_KINDS[match.group(1)], set()).add(" ".join(name))
    for word in rest.split():
        if word in _STOP:
            continue
        weight = NUMBER_WEIGHT if word[0].isdigit() else LOW_WEIGHT if word in _LOW else 1.0
        weights[word] = max(weights.get(word, 0.0), weight)
    concepts = frozenset(_CONCEPTS[w] for w in weights if w in _CONCEPTS)
    return Terms(weights, {kind: frozenset(values) for kind, values in places.items()}, concepts,
                 sum(weights.values()), tuple(t for t in weights if ":" not in t and len(t) >= 3))


def _same_place(kind: str, one: frozenset[str], other: frozenset[str]) -> bool:
    if kind == "street":  # "Nguyễn Tam Trinh" is "Tam Trinh": one syllable in common is enough
        return bool({w for name in one for w in name.split()} & {w for name in other for w in name.split()})
    return bool(one & other)


def conflict(a: Terms, b: Terms) -> bool:
    """Both name places of one kind (alleys, groups, house numbers, streets, schools) and none
    is the same."""
    return any(kind in b.places and not _same_place(kind, values, b.places[kind]) for kind, values in a.places.items())


def _overlap(a: Terms, b: Terms) -> float:
    """The weight the two share, a syllable with a typo counting for most of a match."""
    shared = 0.0
    for term, weight in a.weights.items():
        if term in b.weights:
            shared += min(weight, b.weights[term])
    left = [t for t in a.loose if t not in b.weights]
    right = [t for t in b.loose if t not in a.weights]
    used: set[str] = set()
    for term in left:
        for other in right:
            if other not in used and other[0] == term[0] and OSA.distance(term, other, score_cutoff=1) <= 1:
                shared += TYPO_CREDIT * min(a.weights[term], b.weights[other])
                used.add(other)
                break
    return shared


def score(a: Terms | str, b: Terms | str) -> float:
    """How alike two questions are, 0–1: the mean of Dice and the overlap coefficient of their
    weighted terms (a short question inside a long one scores high, not 1); far less when
    they name different places of one kind, less when they name different kinds of problem."""
    a = terms(a) if isinstance(a, str) else a
    b = terms(b) if isinstance(b, str) else b
    if not a.weights or not b.weights:
        return 0.0
    shared = _overlap(a, b)
    dice = 2 * shared / (a.total + b.total)
    contained = shared / min(a.total, b.total)
    value = (dice + contained) / 2
    if conflict(a, b):
        value *= CONFLICT
    if a.concepts and b.concepts and not a.concepts & b.concepts:
        value *= CONCEPT_CONFLICT
    return round(min(1.0, value), 3)


def _spellings() -> dict[str, set[str]]:
    """Each canonical word → the syllables of every way of writing it."""
    found: dict[str, set[str]] = {}
    for phrase, one in _PHRASES:
        for word in one.split():
            found.setdefault(word, set()).update(phrase.split())
    for short, word in _SINGLE.items():
        found.setdefault(word, set()).add(short)
    return found


_SPELLINGS = _spellings()


def search_terms(text: str) -> list[str]:
    """What the full-text index is asked for (it holds each text as written, folded): the
    question's meaningful syllables and numbers, then the other spellings of its
    abbreviations, never the words every question has; at most MAX_TERMS, each a quoted FTS5
    string (never an operator). Common words are left to the matcher: asked of the index, each
    would walk the postings of half the history."""
    wanted: list[str] = []
    words = _SYLLABLE.findall(fold(text[:MAX_CHARS]))
    for word in sorted(words, key=lambda w: not w[0].isdigit()):  # numbers first: an alley, a house
        canonical = _SINGLE.get(word, word)
        if canonical in _STOP or canonical in _LOW or canonical in _PLACE_KINDS or word in wanted:
            continue
        wanted.append(word)
    for word in _canonical(text).split():
        if word in _STOP or word in _LOW or word in _PLACE_KINDS or word not in _SPELLINGS:
            continue
        for spelling in (word, *sorted(_SPELLINGS[word])):
            if spelling not in _STOP and spelling not in _LOW and spelling not in _PLACE_KINDS and spelling not in wanted:
                wanted.append(spelling)
    return wanted[:MAX_TERMS]


def search_query(words: list[str], documents: dict[str, int], scope: int, total: int, most: int = QUERY_TERMS,
                 share: float = RARE, cap: int = RARE_CAP) -> str:
    """The FTS5 expression for a search of `scope` questions out of the `total` indexed: the
    rarest of the question's words (`documents`: how many of the total hold each), each quoted.
    Up to `most` of those the scope holds in at most `share` of its questions (between
    RARE_FLOOR and `cap`), at least MIN_TERMS whatever their count."""
    held = sorted((documents[w], n, w) for n, w in enumerate(words) if documents.get(w))
    rare = max(RARE_FLOOR, min(cap, int(share * scope)))
    in_scope = scope / max(1, total, scope)
    chosen = [w for count, _n, w in held if count * in_scope <= rare][:most]
    if len(chosen) < MIN_TERMS:
        chosen = [w for _count, _n, w in held[:MIN_TERMS]]
    return " OR ".join(f'"{w}"' for w in chosen)


# ---------------------------------------------------------------- the follow-up's state

_FOLLOW_UP = frozenset(s.value for s in FOLLOW_UP)


def follow_up(row: dict[str, Any], today: str | None = None) -> dict[str, Any] | None:
    """Where a matter's follow-up stands: `done` (with the date), `overdue` (due date past, not
    done) or `in_progress` (with its due date, if any); None for an outcome that owes nothing
    after the meeting. The vocabulary's one rule (`follow_up_state`), as the record's."""
    if row["status"] not in _FOLLOW_UP:
        return None
    who = row["referred_to"] if row["status"] == Status.REFERRED.value else row["reply_by"]
    state = follow_up_state(row, today or clock.hall_today().isoformat()).value
    return {"state": state, "due": row["reply_due"], "done_on": row.get("followup_done_on"), "by": who or ""}


# ---------------------------------------------------------------- the service


def _ranked(question: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[float, dict[str, Any]]]:
    mine = terms(question["text"])
    scored = [(score(mine, terms(row["text"])), row) for row in rows]
    return sorted(((s, r) for s, r in scored if s >= THRESHOLD), key=lambda pair: (-pair[0], pair[1]["id"]))


def similar(database: Database, question_id: int, today: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The contract's `{"here": […], "earlier": […]}` for one question, best first."""
    question = next(iter(store.questions_by_ids(database, [question_id])), None)
    if question is None:
        raise not_found(_("Không có câu hỏi này."))
    words = search_terms(question["text"])
    here_scope = [question["conference_id"]]
    earlier_scope = store.conferences_before(database, question["conference_id"])
    documents = store.term_documents(database, words)
    total = store.questions_count(database)
    # Here, FTS5 ranks one conference's questions only: it can afford more and commoner words.
    here_query = search_query(words, documents, store.questions_count(database, here_scope), total,
                              most=HERE_QUERY_TERMS, share=HERE_RARE, cap=HERE_RARE_CAP)
    here_rows = store.questions_matching(database, here_query, here_scope, CANDIDATES)
    earlier_query = search_query(words, documents, store.questions_count(database, earlier_scope), total)
    earlier_rows = store.questions_matching(database, earlier_query, earlier_scope, CANDIDATES) if earlier_scope else []

    # Here: a merged question stands for the one it joined; never the question itself, nor
    # the questions already merged into it; never a rejected one.
    here: dict[int, tuple[float, dict[str, Any]]] = {}
    targets = {r["merged_into"] for r in here_rows if r["status"] == Status.MERGED.value and r["merged_into"]}
    live = {r["id"]: r for r in store.questions_by_ids(database, targets)} if targets else {}
    for value, row in _ranked(question, here_rows):
        if row["status"] == Status.MERGED.value:
            if row["merged_into"] == question["id"]:
                continue
            row = live.get(row["merged_into"]) or row
            if row["status"] in (Status.MERGED.value, Status.REJECTED.value):
                continue
        if row["id"] == question["id"] or row["status"] == Status.REJECTED.value:
            continue
        if row["id"] not in here or here[row["id"]][0] < value:
            here[row["id"]] = (value, row)
    best_here = sorted(here.values(), key=lambda pair: (-pair[0], pair[1]["id"]))[:HERE_LIMIT]

    # Earlier conferences: the matter's outcome lives on the question it was merged into.
    earlier: dict[int, tuple[float, dict[str, Any]]] = {}
    targets = {r["merged_into"] for r in earlier_rows if r["status"] == Status.MERGED.value and r["merged_into"]}
    joined = {r["id"]: r for r in store.questions_by_ids(database, targets)} if targets else {}
    for value, row in _ranked(question, earlier_rows):
        if row["status"] == Status.MERGED.value:
            row = joined.get(row["merged_into"]) or row
        if row["status"] == Status.REJECTED.value:
            continue
        if row["id"] not in earlier or earlier[row["id"]][0] < value:
            earlier[row["id"]] = (value, row)
    best_earlier = sorted(earlier.values(), key=lambda pair: (-pair[0], pair[1]["id"]))[:EARLIER_LIMIT]

    return {
        "here": [{"id": r["id"], "number": r["number"], "text": r["text"], "status": r["status"], "score": s}
                 for s, r in best_here],
        "earlier": [{"id": r["id"], "conference_id": r["conference_id"], "held_on": r["held_on"],
                     "conference_title": r["conference_title"], "number": r["number"], "text": r["text"],
                     "status": r["status"], "followup": follow_up(r, today), "score": s}
                    for s, r in best_earlier],
    }
