"""Name scoring of ``stackclear-v1``: token alignment with weights, by name kind.

Frozen with stackclear-v1 from release 0.1.0 on (see :mod:`.v1`); until that release v1 may still be improved
in place, as no screening result has been stored yet.

Token similarity (``token_similarity``): equal tokens 1.0; an initial against a name with that first letter 0.75
(people only); otherwise the optimal-string-alignment edit distance ``d`` over the longer length ``L`` is tolerated
up to 0 edits (L ≤ 3; vessels L ≤ 4), 1 (people: L ≤ 6, others: L ≤ 8) or 2, giving
``1 - 0.6·d/L``. People's tokens too far apart but with the same first letter, the same metaphone key and
d ≤ 0.45·L score 0.8 (transliteration variants: Husayn/Hussein, Serej/Sergei); an organisation word
 beyond the tolerance but within 2 edits and a third of its length scores ``1 - d/L`` (a near-miss, a typo
or a transliteration: Konzern/Concern); two name particles (bin/ibn, al/el) 0.9;
two different numbers (digits, roman numerals) 0.85, a series or vintage variant ("Fund VII"/"Fund VIII"),
while a number against a word is nothing. Anything else is a *substitution* (0). Feminine/masculine forms
(Antonio/Antonia, Ivanov/Ivanova) are substitutions, and so are syllables of names transliterated from Han or
Hangul that differ at all (jin ≠ jing: other characters).

Alignment is greedy best-pair, order-insensitive (Putin, Vladimir = Vladimir Putin). Each token has a weight:
particles and stopwords (al, bin, de, van, the, of ...) 0.3, generic organisation words (company, group, trading,
international ...) 0.35, initials 0.5, others (numbers included) 1.0. A pair counts with the lighter of its two weights.

* **People** — the weighted share of the *shorter* name matched, minus 0.05 per extra distinctive token on the longer
  side (dropped middle names, patronymics), × 0.9 per substituted distinctive token present on both sides (Raúl
  Castro ≠ Raúl Castillo). A one-token name against a longer one scores at most 0.7; a match resting on one name plus
  initials ("A. Ahmed") at most 0.8; "X bin Y" against "Y bin X" (son and father swapped) × 0.6; a name listed
  "FAMILY, Given Middle" matched through a later given name while the first given name is unmatched × 0.9 ("Carlos
  Cruz" against "CRUZ OVALLE, Juan Carlos" is most likely another person).
* **Organisations** — symmetric: the matched weight of both names over their total weight, so an extra distinctive
  word ("Banco Santander" vs "Banco Santander México") lowers the score while legal forms, which are not tokens,
  never do; disjoint legal-form classes cost 0.03 (weak evidence); a series number on one side only ("Fund II"
  against "Fund") names another vehicle of the family, × 0.9. When only one name has a legal form and the other
  ends in unmatched words that spell it with a typo or an abbreviation ("Joynt Stock Co" for "Joint Stock
  Company", "AkG" for "AG": each word equal, within one edit, or a prefix), those words are that legal form.
* **Vessels/other** — like organisations.

An organisation's acronym matches the words it abbreviates (U.S. = United States, IBM = International Business
Machines) at 0.95 of the score, and a name that is nothing but an acronym ("BOA") at most 0.75 (review). Names
differing only in spacing (Ramimakhlouf = Rami Makhlouf) score 0.97 through ``compact``; names in the same non-Latin
script are also compared in that script and the better score kept (for Han/Hangul the characters decide, so
习近朋 ≠ 习近平). A name in another romanisation is recognised by :mod:`.v1_romanize`: Wade-Giles against
pinyin (Mao Tse-tung = Mao Zedong) scores 0.92 (any kind of name); a person's Arabic-script name against a Latin
one is compared by consonant skeletons (exact per token) at 0.92 of that score.

Alignment pairs equal tokens first and compares only the rest (equal tokens are the only 1.0 pairs, so the
greedy result is unchanged; tests check it against the plain greedy alignment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.names import extract_org_types
from rigour.text import metaphone
from rigour.text.stopwords import is_stopword

from stackclear.names.analyze import ORG, PERSON, NameForm
from stackclear.names.text import clean_text
from stackclear.names.translit import SYLLABIC_SCRIPTS
from stackclear.screening.matchers.v1_romanize import WADE_GILES_LETTERS, skeleton, wade_giles_compacts

#: Common words in organisation names that say what kind of body it is, not which one.
GENERIC_ORG_WORDS = frozenset(
    """co company companies corp corporation inc incorporated group groups holding holdings intl
    international trading trade traders industries industry industrial enterprise enterprises services
    service limited ltd llc the of and for technology technologies tech global import export
    general research institute manufacturing development commercial engineering investment investments
    partners association bank private public pvt pte""".split()
)
#: Name particles of people (Arabic, Romance, Germanic, Dutch) on top of rigour's stopword list.
PERSON_PARTICLES = frozenset("al el bin ben ibn abu bint ould de da di del della van von der den la le".split())
PARTICLE_SET = PERSON_PARTICLES | frozenset("ul ibni bint binti ap mac".split())

#: "X bin Y": X is the person, Y the father; swapping them names another person.
PATRONYMIC_MARKERS = frozenset("bin ibn ben bint ould ogly oglu kyzy".split())
PATRONYMIC_FLIP_FACTOR = 0.6
GIVEN_SKIP_FACTOR = 0.9

_ONE_LETTER_ROMAN = frozenset("ivx")
_WORDS = re.compile(r"\w+")
_ROMAN = re.compile(r"^(?=[ivxlc]{2,}$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

W_PARTICLE = 0.3
W_GENERIC = 0.35
W_NUMBER = 1.0
NUMBER_SWAP_SIM = 0.85
PARTICLE_SIM = 0.9
ACRONYM_FACTOR = 0.95
ACRONYM_ALONE_CAP = 0.75
W_INITIAL = 0.5
INITIAL_SIM = 0.75
PHONETIC_SIM = 0.8
EXTRA_TOKEN_COST = 0.05
SUBSTITUTION_FACTOR = 0.9
SINGLE_TOKEN_CAP = 0.7
INITIALS_CAP = 0.8
ORG_NEAR_MAX_EDITS = 2
ORG_NEAR_MAX_SHARE = 1 / 3
SERIES_MARKER_FACTOR = 0.9
SERIES_MARKER_MIN = 0.6  # below this the factor cannot change a decision: skip the check
WADE_GILES_SCORE = 0.92
LEGAL_TYPO_MIN = 0.5  # the rest of the names must already agree before trailing words are read as a legal form
SKELETON_FACTOR = 0.92
LEGAL_CONFLICT_COST = 0.03
COMPACT_SCORE = 0.97


@lru_cache(maxsize=65536)
def is_number(token: str) -> bool:
    """Digits or a roman numeral of two or more letters (a series marker: "Fund VII")."""
    return token.isdigit() or bool(_ROMAN.match(token))


@lru_cache(maxsize=65536)
def token_weight(token: str, kind: str) -> float:
    """How much a token identifies a name (see module docstring)."""
    if token.isdigit() or (kind != PERSON and is_number(token)):
        return W_NUMBER
    if len(token) == 1:
        return W_INITIAL if kind == PERSON else W_PARTICLE
    if token in PERSON_PARTICLES or is_stopword(token):
        return W_PARTICLE
    if kind == ORG and token in GENERIC_ORG_WORDS:
        return W_GENERIC
    return 1.0


@lru_cache(maxsize=1024)
def _allowed_edits(length: int, kind: str) -> int:
    if kind == PERSON:  # transliteration variants of people's names differ in several letters
        return 0 if length <= 3 else 1 if length <= 6 else 2
    if kind == ORG:
        return 0 if length <= 3 else 1 if length <= 8 else 2
    return 0 if length <= 4 else 1 if length <= 8 else 2  # vessels, aircraft: short names are exact


@lru_cache(maxsize=256)
def _org_reach(length: int) -> int:
    """Edits at which two organisation words still count (as a near-miss beyond ``_allowed_edits``)."""
    return max(_allowed_edits(length, ORG), min(ORG_NEAR_MAX_EDITS, int(length * ORG_NEAR_MAX_SHARE)))


def _gendered(a: str, b: str) -> bool:
    """Antonio/Antonia, Joaquin/Joaquina, Ivanov/Ivanova: the feminine and masculine form of a name."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) == len(b) + 1:
        return a[-1] == "a" and a[:-1] == b
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} in ({"a", "o"}, {"a", "e"})


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str, kind: str, strict: bool = False) -> float:
    """Similarity of two tokens in 0..1 (see module docstring); 0.0 for a substitution.

    ``strict`` (a name transliterated from Han or Hangul, where every syllable is a character) allows
    no spelling tolerance: jin and jing are different characters, not a typo. Substitutions return 0.0
    rather than their weak residual similarity: alignment and scoring only use pairs of 0.5 or more.
    """
    if a == b:
        return 1.0
    la = len(a)
    lb = len(b)
    number_a = a.isdigit() or (kind != PERSON and is_number(a))
    if number_a or b.isdigit() or (kind != PERSON and is_number(b)):
        # another number in the same place is a series or vintage variant ("Fund VII"/"Fund VIII"),
        # a number against a word is nothing
        return NUMBER_SWAP_SIM if number_a and (b.isdigit() or is_number(b)) else 0.0
    if la == 1 or lb == 1:
        return INITIAL_SIM if kind == PERSON and a[0] == b[0] else 0.0
    if strict:
        return 0.0
    if kind == PERSON and a in PARTICLE_SET and b in PARTICLE_SET:
        return PARTICLE_SIM  # bin/ibn, al/el: spellings of the same particle
    length = la if la > lb else lb
    allowed = _allowed_edits(length, kind)
    phonetic = kind == PERSON and a[0] == b[0] and min(la, lb) >= 5
    if phonetic:
        reach = max(allowed, int(0.45 * length))
    elif kind == ORG:
        # near-misses of organisation words (typos, transliterations) are partial evidence
        reach = _org_reach(length)
    else:
        reach = allowed
    if abs(la - lb) > reach:
        return 0.0  # cheap exit: the length difference alone exceeds every tolerance
    if kind == PERSON and _gendered(a, b):
        return 0.0
    dist = OSA.distance(a, b, score_cutoff=reach)
    if dist <= allowed:
        return 1.0 - 0.6 * dist / length
    if phonetic and dist <= reach and a.isascii() and metaphone(a) == metaphone(b):
        return PHONETIC_SIM  # transliteration variants: Husayn/Hussein, Serej/Sergei
    if kind == ORG and dist <= reach:
        return 1.0 - dist / length
    return 0.0


@dataclass(slots=True)
class NameScore:
    """A name comparison: the score and what explains it (token lists are built only when explained)."""

    score: float
    query_tokens: tuple[str, ...] = ()
    candidate_tokens: tuple[str, ...] = ()
    good: tuple[tuple[int, int, float], ...] = ()
    form: str = "latin"  # "latin" | "script" | "compact"
    legal: str = "n/a"  # "same" | "conflict" | "n/a"

    def explain(self) -> dict[str, object]:
        qs, cs = self.query_tokens, self.candidate_tokens
        matched_q = {i for i, _, _ in self.good}
        matched_c = {j for _, j, _ in self.good}
        return {
            "form": self.form,
            "tokens": [{"query": qs[i], "list": cs[j], "similarity": round(s, 3)} for i, j, s in self.good],
            "unmatched_query": [t for k, t in enumerate(qs) if k not in matched_q],
            "unmatched_list": [t for k, t in enumerate(cs) if k not in matched_c],
            "legal_form": self.legal,
        }


def _align(
    qs: tuple[str, ...], cs: tuple[str, ...], kind: str, strict: bool
) -> list[tuple[int, int, float]]:
    """Greedy best-pair alignment. Only equal tokens score 1.0, so equal tokens are paired first (in the
    order the greedy sort would take them) and only the rest are compared: the same result with far
    fewer similarity calls, as retrieved candidates usually share tokens with the query."""
    out: list[tuple[int, int, float]] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    if not set(qs).isdisjoint(cs):
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                if c == q and j not in used_c:
                    used_q.add(i)
                    used_c.add(j)
                    out.append((i, j, 1.0))
                    break
        if len(out) == len(qs) or len(out) == len(cs):
            return out  # one side is fully paired: nothing is left to compare
    scored = []
    for i, q in enumerate(qs):
        if i in used_q:
            continue
        for j, c in enumerate(cs):
            if j in used_c:
                continue
            sim = token_similarity(q, c, kind, strict)
            if sim > 0.0:
                scored.append((-sim, i, j))
    if len(scored) == 1:
        neg, i, j = scored[0]
        out.append((i, j, -neg))
        return out
    scored.sort()
    for neg, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, -neg))
    return out


@lru_cache(maxsize=131072)
def _own_and_father(tokens: tuple[str, ...]) -> tuple[int, int] | None:
    for k in range(1, len(tokens) - 1):
        if tokens[k] in PATRONYMIC_MARKERS:
            return k - 1, k + 1
    return None


def _patronymic_flip(qs: tuple[str, ...], cs: tuple[str, ...], good: list[tuple[int, int, float]]) -> bool:
    """"Salman bin Muhammad" is the son of "Muhammad bin Salman": same tokens, different person."""
    q_roles = _own_and_father(qs)
    c_roles = _own_and_father(cs)
    if q_roles is None or c_roles is None:
        return False
    for i, j, _ in good:
        if (i == q_roles[0] and j == c_roles[1]) or (i == q_roles[1] and j == c_roles[0]):
            return True
    return False


@lru_cache(maxsize=131072)
def _weights(tokens: tuple[str, ...], kind: str) -> tuple[tuple[float, ...], float]:
    weights = tuple(token_weight(t, kind) for t in tokens)
    return weights, sum(weights)


def _extra_and_distinct(weights: tuple[float, ...], matched: list[bool]) -> tuple[int, int]:
    """(unmatched distinctive tokens, distinctive tokens counting matched initials) in one pass: the
    per-pair hot path of people's names, where four generator sums cost more than the arithmetic."""
    extra = distinct = 0
    for k, w in enumerate(weights):
        if w >= 1.0:
            distinct += 1
            if not matched[k]:
                extra += 1
        elif w == W_INITIAL and matched[k]:
            distinct += 1
    return extra, distinct


def _skips_first_given(given_start: int | None, matched: list[bool]) -> bool:
    """"CRUZ OVALLE, Juan Carlos" matched through Carlos while Juan is not: another person's middle name."""
    if given_start is None or matched[given_start]:
        return False
    return any(matched[given_start + 1 :])


def _score_tokens(
    qs: tuple[str, ...],
    cs: tuple[str, ...],
    kind: str,
    strict: bool = False,
    given: tuple[int | None, int | None] = (None, None),
) -> NameScore:
    good = _align(qs, cs, kind, strict)  # every aligned pair is a match (>= 0.5); substitutions score 0
    if not good:
        return NameScore(0.0, qs, cs)
    wq, total_q = _weights(qs, kind)
    wc, total_c = _weights(cs, kind)
    if kind != PERSON:
        gain = 0.0
        for i, j, sim in good:
            gain += (wq[i] + wc[j]) * sim
        total = total_q + total_c
        score = min(1.0, gain / total) if total else 0.0
        if score > SERIES_MARKER_MIN and _series_marker_on_one_side(qs, cs, good):
            score *= SERIES_MARKER_FACTOR
        return NameScore(score, qs, cs, tuple(good))
    matched_q = [False] * len(qs)
    matched_c = [False] * len(cs)
    gain = 0.0
    full_pairs = 0
    for i, j, sim in good:
        matched_q[i] = True
        matched_c[j] = True
        # a pair counts with the lighter of its two weights: an initial vouches for little
        gain += (wq[i] if wq[i] < wc[j] else wc[j]) * sim
        if len(qs[i]) > 1 and len(cs[j]) > 1:
            full_pairs += 1
    extra_q, distinct_q = _extra_and_distinct(wq, matched_q)
    extra_c, distinct_c = _extra_and_distinct(wc, matched_c)
    q_short = total_q <= total_c
    score = gain / (total_q if q_short else total_c)
    score -= EXTRA_TOKEN_COST * (extra_c if q_short else extra_q)
    score *= SUBSTITUTION_FACTOR ** min(extra_q, extra_c)
    if min(distinct_q, distinct_c) <= 1 < max(distinct_q, distinct_c):
        score = min(score, SINGLE_TOKEN_CAP)
    if full_pairs <= 1 and len(good) > full_pairs:
        score = min(score, INITIALS_CAP)  # "A. Ahmed": one name and initials fit many people
    if _patronymic_flip(qs, cs, good):
        score *= PATRONYMIC_FLIP_FACTOR
    if _skips_first_given(given[0], matched_q) or _skips_first_given(given[1], matched_c):
        score *= GIVEN_SKIP_FACTOR
    return NameScore(max(0.0, min(1.0, score)), qs, cs, tuple(good))


def _series_marker_on_one_side(
    qs: tuple[str, ...], cs: tuple[str, ...], good: list[tuple[int, int, float]]
) -> bool:
    """"Fund II" against "Fund": a series number on one side only names another vehicle of the family."""
    numbers_q = [k for k, t in enumerate(qs) if is_number(t)]
    numbers_c = [k for k, t in enumerate(cs) if is_number(t)]
    if bool(numbers_q) == bool(numbers_c):
        return False
    # a one-letter roman numeral on the other side ("Fund X" / "Fund XI") is a vintage swap, not a marker
    if any(t in _ONE_LETTER_ROMAN for t in (cs if numbers_q else qs)):
        return False
    matched = {i for i, _, _ in good} if numbers_q else {j for _, j, _ in good}
    return any(k not in matched for k in (numbers_q or numbers_c))


def _romanization_variant(query: NameForm, candidate: NameForm, kind: str) -> NameScore | None:
    """The same name in another romanisation: Wade-Giles against pinyin ("Mao Tse-tung" = "Mao Zedong", any
    kind of name: a LegalEntity or an unspecified schema may be a person), or a person's Arabic-script name
    against its Latin spelling by consonant skeleton (see :mod:`.v1_romanize`)."""
    q_latin = query.script == "LATIN"
    c_latin = candidate.script == "LATIN"
    if (
        q_latin
        and WADE_GILES_LETTERS.issuperset(query.compact)
        and not wade_giles_compacts(query.tokens).isdisjoint(candidate.compacts)
    ):
        return NameScore(WADE_GILES_SCORE, query.tokens, candidate.tokens, (), "wade-giles")
    if (
        c_latin
        and WADE_GILES_LETTERS.issuperset(candidate.compact)
        and not wade_giles_compacts(candidate.tokens).isdisjoint(query.compacts)
    ):
        return NameScore(WADE_GILES_SCORE, query.tokens, candidate.tokens, (), "wade-giles")
    if kind == PERSON and ((q_latin and candidate.script == "ARABIC") or (c_latin and query.script == "ARABIC")):
        qs = tuple(skeleton(t) for t in query.tokens)
        cs = tuple(skeleton(t) for t in candidate.tokens)
        if min(map(len, qs + cs), default=0) >= 2:
            scored = _score_tokens(qs, cs, PERSON, strict=True)
            scored.score *= SKELETON_FACTOR
            scored.form = "skeleton"
            return scored
    return None


@lru_cache(maxsize=65536)
def _legal_form_words(original: str) -> tuple[tuple[str, ...], ...]:
    """The words of each legal form rigour finds in a name ("joint stock company" → joint, stock, company)."""
    return tuple(tuple(_WORDS.findall(alias)) for alias, _ in extract_org_types(clean_text(original)))


def _close_word(token: str, word: str) -> bool:
    if token == word or (len(token) >= 2 and (word.startswith(token) or token.startswith(word))):
        return True
    return OSA.distance(token, word, score_cutoff=1) <= 1


def _misspelt_legal_tail(with_legal: NameForm, tokens: tuple[str, ...], matched: set[int]) -> int:
    """How many trailing unmatched ``tokens`` spell a legal form of ``with_legal`` (0: none)."""
    tail = 0
    while tail < min(4, len(tokens) - 1) and len(tokens) - 1 - tail not in matched:
        tail += 1
    for size in range(tail, 0, -1):
        words = tokens[-size:]
        for alias in _legal_form_words(with_legal.original):
            if len(alias) == size and all(_close_word(t, w) for t, w in zip(words, alias, strict=True)):
                return size
    return 0


def _with_misspelt_legal_form(query: NameForm, candidate: NameForm, best: NameScore, strict: bool) -> NameScore:
    """Rescore when one name's trailing words are a misspelt legal form the other name has (docstring)."""
    q_side = not query.legal
    matched = {i for i, _, _ in best.good} if q_side else {j for _, j, _ in best.good}
    tokens = query.tokens if q_side else candidate.tokens
    cut = _misspelt_legal_tail(candidate if q_side else query, tokens, matched)
    if not cut:
        return best
    qs, cs = (query.tokens[:-cut], candidate.tokens) if q_side else (query.tokens, candidate.tokens[:-cut])
    fixed = _score_tokens(qs, cs, ORG, strict)
    if fixed.score <= best.score:
        return best
    fixed.form = "legal-form-typo"
    fixed.legal = "same"
    return fixed


@lru_cache(maxsize=131072)
def _acronym_shaped(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens that could be an acronym (2–5 letters), once per name rather than once per compared pair."""
    return tuple(t for t in tokens if 2 <= len(t) <= 5 and t.isalpha())


@lru_cache(maxsize=131072)
def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens)


def _expand_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> tuple[str, ...] | None:
    """``long`` with a run of words replaced by their initials when ``short`` has that acronym
    ("U.S. Department of State" / "United States Department of State", "IBM" / "International Business
    Machines"); None when there is none."""
    possible = _acronym_shaped(short)
    if not possible:
        return None
    # built from the same tokens in the same order as before, so the set (and the acronym tried first) is too
    acronyms = {t for t in possible if t not in long}
    if not acronyms:
        return None
    initials = _initials(long)
    for acronym in acronyms:
        at = initials.find(acronym)
        if at >= 0:
            return (*long[:at], acronym, *long[at + len(acronym) :])
    return None


def _in_compacts(compact: str, form: NameForm) -> bool:
    """``compact in form.compacts`` without building the given-first variant for names that have none."""
    return compact == form.compact or (form.given_start is not None and compact in form.compacts)


def score_names(query: NameForm, candidate: NameForm) -> NameScore:
    """Compare two analysed names of the same kind (the candidate's kind decides the rules)."""
    kind = candidate.kind
    strict = query.script in SYLLABIC_SCRIPTS or candidate.script in SYLLABIC_SCRIPTS
    best = _score_tokens(query.tokens, candidate.tokens, kind, strict, (query.given_start, candidate.given_start))
    if kind != PERSON and best.score < 1.0:
        for flip in (False, True):
            short, long = (candidate.tokens, query.tokens) if flip else (query.tokens, candidate.tokens)
            expanded = _expand_acronym(short, long)
            if expanded is None:
                continue
            pair = (expanded, candidate.tokens) if flip else (query.tokens, expanded)
            acronym = _score_tokens(pair[0], pair[1], kind, strict)
            # an acronym is weaker evidence than the words; a bare acronym ("BOA") only earns a review
            acronym.score = min(acronym.score * ACRONYM_FACTOR, 1.0 if len(expanded) > 1 else ACRONYM_ALONE_CAP)
            if acronym.score > best.score:
                acronym.form = "acronym"
                best = acronym
    if query.script != "LATIN" and query.script == candidate.script and query.script_tokens:
        # same script: the original spelling is a second witness (characters for Han/Hangul)
        in_script = _score_tokens(query.script_tokens, candidate.script_tokens, kind, strict)
        if in_script.score > best.score or strict:
            in_script.form = "script"
            best = in_script
    if best.score < WADE_GILES_SCORE:
        variant = _romanization_variant(query, candidate, kind)
        if variant is not None and variant.score > best.score:
            best = variant
    same_characters = strict and query.script == candidate.script  # the characters decided: homophones differ
    if (
        best.score < COMPACT_SCORE
        and query.compact
        and not same_characters
        and (_in_compacts(query.compact, candidate) or _in_compacts(candidate.compact, query))
    ):
        best = NameScore(COMPACT_SCORE, (query.compact,), (candidate.compact,), ((0, 0, 1.0),), "compact")
    if (
        kind == ORG
        and best.form == "latin"
        and LEGAL_TYPO_MIN <= best.score < COMPACT_SCORE
        and bool(query.legal) != bool(candidate.legal)
    ):
        best = _with_misspelt_legal_form(query, candidate, best, strict)
        if best.form == "legal-form-typo":
            return best
    if kind == ORG and query.legal and candidate.legal:
        if query.legal & candidate.legal:
            best.legal = "same"
        else:
            best.legal = "conflict"
            best.score = max(0.0, best.score - LEGAL_CONFLICT_COST)
    return best
