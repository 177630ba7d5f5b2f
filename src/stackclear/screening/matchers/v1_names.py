"""Name scoring of ``stackclear-v1``: token alignment with weights, by name kind.

Frozen with stackclear-v1 (see :mod:`.v1`; ``tests/screening/test_matcher_v1_golden.py`` pins its outputs).
Split by job: token similarity and weights in :mod:`.v1_tokens`, the alignment and the score by kind in
:mod:`.v1_align`, the organisation rules (misspelt legal forms, acronyms) in :mod:`.v1_orgs`, romanisation
tables in :mod:`.v1_romanize`; this module compares two names with all of them (:func:`score_names`).

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

from stackclear.names.analyze import ORG, PERSON, NameForm
from stackclear.names.translit import SYLLABIC_SCRIPTS
from stackclear.screening.matchers.v1_align import NameScore, _score_tokens
from stackclear.screening.matchers.v1_orgs import _expand_acronym, _with_misspelt_legal_form
from stackclear.screening.matchers.v1_romanize import WADE_GILES_LETTERS, skeleton, wade_giles_compacts
from stackclear.screening.matchers.v1_tokens import (
    ACRONYM_ALONE_CAP,
    ACRONYM_FACTOR,
    COMPACT_SCORE,
    GENERIC_ORG_WORDS,
    LEGAL_CONFLICT_COST,
    LEGAL_TYPO_MIN,
    PERSON_PARTICLES,
    SKELETON_FACTOR,
    WADE_GILES_SCORE,
)

__all__ = ["GENERIC_ORG_WORDS", "PERSON_PARTICLES", "NameScore", "score_names"]


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
