"""Name normalisation: ONE pipeline, in a fixed order, used for list data and queries alike.

The order (each step sees the output of the one before):

1. **Unicode NFKC** — compatibility forms fold (full-width ｈｕａｗｅｉ → huawei, ligature ﬁ → fi).
2. **Invisible characters removed** — zero-width spaces/joiners, bidi embeddings/overrides/isolates,
   soft hyphens, BOMs, other controls (categories Cf, Cc, Co, Cn, Cs); tabs and newlines become spaces.
3. **Homoglyph folding in mixed-script tokens** — a token mixing Latin with look-alike Cyrillic/Greek
   letters ("Huаwei" with Cyrillic а, "Ηuawei" with Greek Eta) has those letters replaced by their
   Latin twins (Unicode TR39 confusables). Tokens written wholly in another script are left alone.
   Done before case folding because look-alikes are case-specific (Η looks like H, η like n).
4. **Case folding** — ``str.casefold`` (ß → ss), stronger than lower().
5. **Legal forms** (organisations only; :mod:`stackclear.names.legal`) — rigour's org_types database
   recognises legal forms in many languages and scripts (GmbH, AG, Aktiengesellschaft, OOO/ООО, OAO, JSC,
   LLC, S.A., Co., Ltd. ...) on the cleaned text, punctuation still in place as its aliases expect; they
   are removed from the distinctive tokens and kept as generic classes, so that "Co., Ltd." = "Company
   Limited" and "ООО" = "LLC". Roman numerals are never taken for legal forms ("Fund II"). Vessels and
   aircraft lose their type prefix instead (rigour's object prefixes: "M/V Sea Star" = "Sea Star").
6. **Punctuation and spacing** — apostrophes join (O'Brien = obrien), "&" reads "and", every other
   punctuation mark separates words.
7. **Transliteration to Latin** — per word, by script (:mod:`stackclear.names.translit`): rigour for
   Latin diacritics, Cyrillic, Greek, Armenian, Georgian, Hangul; pypinyin for Han; ICU via normality
   for Arabic, Hebrew and the rest. CJK legal forms (有限公司, 株式会社 ...) have no word boundaries and are
   split off each word first; legal forms that only appear in Latin are looked for once more. The
   original-script tokens are kept beside the Latin ones (``NameForm.script_tokens``) so two names in
   the same script are also compared in that script.
8. **Tokens and order** — organisation initialisms are merged (J.P. = JP) and generic words written one
   way (Corporation = Corp.); the tokens keep reading order; ``key`` (sorted tokens) and ``compact``
   (joined tokens) give order-free and spacing-free identities; ``phonetic`` holds metaphone keys; for
   people written "FAMILY, Given" ``given_start`` marks where the given names start.

Everything expensive happens here, once per listed name at index build time (``analyze`` is cached).
"""

from stackclear.names.analyze import ORG, OTHER, PERSON, NameForm, analyze, kind_of, known_schema
from stackclear.names.text import clean_text

__all__ = ["ORG", "OTHER", "PERSON", "NameForm", "analyze", "clean_text", "kind_of", "known_schema"]
