"""Reference tables of the evaluation-corpus generator (issue 9), written for the generator alone.

Independence: these tables are written from general knowledge of how names vary in trade and sanctions
documents and from the published romanization standards cited below — NOT from the matcher's own
reference data (src/stackclear/names, screening/matchers) nor from rigour's name tables, so that a
matcher that loads rigour's tables is not graded against a copy of itself. Keep them that way: a
variant the matcher cannot handle is a finding, not a reason to drop the variant.

Sources:
- business abbreviations: conventional English company-name abbreviations as used in corporate
  registries and trade documents (e.g. "Mfg", "Int'l", "Inds", "Grp" in US customs/BOL data);
- Russian Cyrillic: BGN/PCGN 1947 romanization of Russian (the scheme of most OFAC/CSL Russian names),
  reversed here; Russian legal forms from the Civil Code of the Russian Federation (ООО, АО, ПАО, ЗАО, ОАО);
- Arabic: common Arabic given-name and name-part spellings (Arabic script forms as written in Arabic
  press), plus a consonant-skeleton reverse of the usual English-press romanization;
- Korean: McCune–Reischauer (DPRK names on OFAC lists) syllables with their Hangul;
- Chinese: the 100 most common surnames (Hundred Family Surnames / Ministry of Public Security 2019
  ranking), characters of pinyin syllables from GB 2312 level 1 (the codec in Python's stdlib);
- Japanese: ICU's Latin-Katakana transliterator (PyICU);
- transliteration equivalences and nicknames: standard English, Russian, Spanish and Arabic usage.
"""

from __future__ import annotations

# ---- business words: full form -> abbreviations seen in real documents --------------------------------
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "technology": ("Tech.", "Tech", "Techn."),
    "technologies": ("Tech.", "Techs", "Technol."),
    "technological": ("Tech.", "Technol."),
    "electronics": ("Elec", "Elec.", "Electr."),
    "electronic": ("Elec", "Elec.", "Electr."),
    "electric": ("Elec", "Elec."),
    "electrical": ("Elec.", "Elect."),
    "manufacturing": ("Mfg", "Mfg.", "Manuf."),
    "manufacturers": ("Mfrs", "Mfrs."),
    "international": ("Int'l", "Intl", "Intl."),
    "industries": ("Inds", "Inds.", "Ind."),
    "industry": ("Ind.", "Indus."),
    "industrial": ("Ind.", "Indl"),
    "group": ("Grp", "Grp.", "Gp"),
    "company": ("Co.", "Co"),
    "corporation": ("Corp.", "Corp"),
    "limited": ("Ltd.", "Ltd"),
    "incorporated": ("Inc.", "Inc"),
    "engineering": ("Eng.", "Engg", "Engr."),
    "development": ("Dev.", "Devt"),
    "trading": ("Trdg", "Trdg."),
    "services": ("Svcs", "Servs."),
    "service": ("Svc", "Serv."),
    "systems": ("Sys.", "Syst."),
    "system": ("Sys.", "Syst."),
    "equipment": ("Equip.", "Eqpt"),
    "machinery": ("Mach.", "Mchy"),
    "research": ("Res.", "Rsch"),
    "institute": ("Inst.", "Inst"),
    "university": ("Univ.", "Univ"),
    "national": ("Nat'l", "Natl"),
    "management": ("Mgmt", "Mgt."),
    "investment": ("Inv.", "Invt"),
    "investments": ("Invs.", "Invts"),
    "import": ("Imp.",),
    "export": ("Exp.",),
    "shipping": ("Shpg", "Shpg."),
    "aviation": ("Avn", "Aviat."),
    "association": ("Assn", "Assoc."),
    "brothers": ("Bros.", "Bros"),
    "enterprise": ("Ent.", "Enterp."),
    "enterprises": ("Ents.", "Enterp."),
    "holding": ("Hldg", "Hldg."),
    "holdings": ("Hldgs", "Hldgs."),
    "construction": ("Constr.", "Const."),
    "laboratory": ("Lab", "Lab."),
    "laboratories": ("Labs", "Labs."),
    "petroleum": ("Petr.", "Petrol."),
    "chemical": ("Chem.",),
    "chemicals": ("Chems", "Chem."),
    "communication": ("Comm.",),
    "communications": ("Comms", "Commun."),
    "science": ("Sci.",),
    "sciences": ("Scis", "Sci."),
    "scientific": ("Sci.", "Scient."),
    "department": ("Dept", "Dept."),
    "general": ("Gen.",),
    "marine": ("Mar.",),
    "maritime": ("Marit.",),
    "logistics": ("Logist.",),
    "materials": ("Matls", "Mat."),
    "products": ("Prods", "Prod."),
    "production": ("Prodn", "Prod."),
    "instruments": ("Instr.", "Instrs"),
    "instrument": ("Instr.",),
    "semiconductor": ("Semicond.", "Semi"),
    "information": ("Info.", "Info"),
    "organization": ("Org.",),
    "automation": ("Autom.",),
    "and": ("&",),
}
# whole legal-form phrases first (a 'Limited Liability Company' is an LLC, not a 'Ltd. Liability Co.')
PHRASE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "limited liability company": ("LLC", "L.L.C."), "public joint stock company": ("PJSC", "P.J.S.C."),
    "open joint stock company": ("OJSC", "OAO"), "closed joint stock company": ("CJSC", "ZAO"),
    "joint stock company": ("JSC", "J.S.C.", "JSCo"), "company limited": ("Co. Ltd.", "Co., Ltd", "Co Ltd"),
    "private limited": ("Pvt. Ltd.", "Pvt Ltd"), "research institute": ("Res. Inst.", "RI"),
    "sociedad anonima": ("S.A.", "SA"), "general trading": ("Gen. Trdg", "Gen. Trading"),
}
# the reverse direction (a listed abbreviation written out in the query)
EXPANSIONS: dict[str, str] = {
    "tech": "Technology", "elec": "Electronics", "mfg": "Manufacturing", "intl": "International",
    "int'l": "International", "inds": "Industries", "grp": "Group", "co": "Company", "corp": "Corporation",
    "ltd": "Limited", "inc": "Incorporated", "eng": "Engineering", "inst": "Institute", "univ": "University",
    "sci": "Science", "natl": "National", "&": "and", "bros": "Brothers", "assn": "Association",
    "dept": "Department", "mgmt": "Management", "svcs": "Services", "equip": "Equipment",
}

# legal-form and generic words in which typos are made (kind legal_typo)
GENERIC_WORDS = frozenset({
    "company", "limited", "corporation", "incorporated", "trading", "technology", "technologies",
    "industries", "industrial", "international", "group", "enterprise", "enterprises", "engineering",
    "holding", "holdings", "services", "systems", "development", "investment", "manufacturing",
    "electronics", "electronic", "institute", "university", "research", "equipment", "shipping",
    "import", "export", "science", "sciences", "scientific", "logistics", "industry", "general",
    "association", "academy", "factory", "bureau", "center", "centre", "petroleum", "chemical",
    "construction", "commercial", "machinery", "products", "aviation", "communications", "national",
})

# QWERTY neighbours for substitution typos
KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy",
    "j": "hku", "k": "jli", "l": "kop", "z": "xas", "x": "zcs", "c": "xvd", "v": "cbf", "b": "vng",
    "n": "bmh", "m": "nj",
}

# ---- numbers -------------------------------------------------------------------------------------------
CARDINALS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
             "nineteen", "twenty"]
ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth"]
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# ---- qualifiers appended to an organisation's name ------------------------------------------------------
QUALIFIER_PATTERNS = (
    " - {city} Branch", " ({city} Branch)", " ({country})", " {city} Branch", ", {city} Office",
    " - {country} Branch", " ({city})", " Representative Office in {city}", " - {city} Rep. Office",
    " Branch Office {country}", " ({city} Office)", " {country} Branch",
)
CITIES_BY_COUNTRY = {
    "CN": ("Shenzhen", "Shanghai", "Beijing", "Guangzhou"), "HK": ("Hong Kong",), "AE": ("Dubai", "Abu Dhabi"),
    "RU": ("Moscow", "St. Petersburg"), "IR": ("Tehran",), "TR": ("Istanbul",), "SG": ("Singapore",),
    "MY": ("Kuala Lumpur",), "DE": ("Frankfurt", "Hamburg"), "GB": ("London",), "US": ("New York",),
    "KP": ("Pyongyang",), "SY": ("Damascus",), "LB": ("Beirut",), "IQ": ("Baghdad",), "PK": ("Karachi",),
    "IN": ("Mumbai",), "TW": ("Taipei",), "KR": ("Seoul",), "JP": ("Tokyo",), "BY": ("Minsk",),
    "UA": ("Kyiv",), "KZ": ("Almaty",), "VE": ("Caracas",), "MX": ("Mexico City",), "CO": ("Bogota",),
}
DEFAULT_CITIES = ("Dubai", "Hong Kong", "Singapore", "Istanbul", "Shenzhen", "London", "Moscow")
COUNTRY_NAMES = {
    "CN": "China", "HK": "Hong Kong", "AE": "UAE", "RU": "Russia", "IR": "Iran", "TR": "Turkey",
    "SG": "Singapore", "MY": "Malaysia", "DE": "Germany", "GB": "UK", "US": "USA", "KP": "DPRK", "SY": "Syria",
    "LB": "Lebanon", "IQ": "Iraq", "PK": "Pakistan", "IN": "India", "TW": "Taiwan", "KR": "Korea",
    "JP": "Japan", "BY": "Belarus", "UA": "Ukraine", "KZ": "Kazakhstan", "VE": "Venezuela", "MX": "Mexico",
    "CO": "Colombia",
}

# ---- person name parts ---------------------------------------------------------------------------------
# Each tuple: spellings of one name part across romanization schemes (first is not privileged).
TRANSLIT_CLASSES: tuple[tuple[str, ...], ...] = (
    # Arabic / Persian / Turkish / Urdu given names
    ("Muhammad", "Mohammad", "Mohammed", "Mohamed", "Mohamad", "Muhammed", "Mohamud", "Mehmet"),
    ("Ahmad", "Ahmed", "Ahmet"), ("Mahmud", "Mahmoud", "Mahmood"),
    ("Husayn", "Hussein", "Hussain", "Husain", "Hossein", "Hüseyin"), ("Hasan", "Hassan", "Hassane"),
    ("Qasim", "Kassem", "Qassem", "Kasim", "Qassim", "Ghasem"), ("Yusuf", "Youssef", "Yousef", "Yousif", "Yusef"),
    ("Umar", "Omar", "Omer"), ("Uthman", "Othman", "Osman"), ("Khalid", "Khaled", "Halid"),
    ("Said", "Saeed", "Sayed", "Sa'id", "Saiid"), ("Salih", "Saleh", "Salah"), ("Faysal", "Faisal", "Feisal"),
    ("Jafar", "Jaafar", "Ja'far", "Jaffar"), ("Abdallah", "Abdullah", "Abdulla", "Abdellah"),
    ("Ibrahim", "Ebrahim", "Ibraheem", "Brahim"), ("Ismail", "Ismael", "Esmail", "Isma'il"),
    ("Mustafa", "Mostafa", "Moustafa", "Mustapha"), ("Nasir", "Nasser", "Naser", "Nassir"),
    ("Rashid", "Rasheed", "Rachid"), ("Sulayman", "Suleiman", "Soliman", "Sulaiman", "Suleyman"),
    ("Yahya", "Yehia", "Yahia"), ("Zayd", "Zaid", "Zeid"), ("Hamid", "Hameed"), ("Majid", "Majeed", "Maged"),
    ("Walid", "Waleed", "Oualid"), ("Tariq", "Tarek", "Tareq"), ("Jamal", "Gamal", "Djamel"),
    ("Hafiz", "Hafez"), ("Qadir", "Kadir", "Qader"), ("Rahman", "Rehman", "Rahmane"), ("Karim", "Kareem"),
    ("Nur", "Noor", "Nour"), ("Mahdi", "Mehdi"), ("Reza", "Riza", "Rida", "Ridha"),
    ("Husayni", "Hosseini", "Husseini"), ("Musa", "Mousa", "Moussa"), ("Isa", "Issa", "Eisa"),
    ("Yasin", "Yassin", "Yaseen"), ("Bashir", "Basheer", "Bachir"), ("Ghulam", "Gholam"),
    ("Hamza", "Hamzah"), ("Fatima", "Fatma", "Fatemeh"), ("Aisha", "Ayesha", "Aicha"),
    ("Zaynab", "Zeinab", "Zainab"), ("Abu", "Abou", "Abo"), ("Usama", "Osama", "Oussama"),
    ("Ayman", "Aiman"), ("Anwar", "Anouar"), ("Adil", "Adel"), ("Amir", "Ameer", "Emir"),
    ("Jalal", "Djalal"), ("Sharif", "Sherif", "Cherif"), ("Habib", "Habeeb"), ("Muhsin", "Mohsen", "Mohsin"),
    ("Abbas", "Abas"), ("Haydar", "Haider", "Heidar", "Hyder"), ("Mansur", "Mansour", "Mansoor"),
    ("Sayf", "Saif", "Seif"), ("Muammar", "Moammar", "Moamar"), ("Qadhafi", "Gaddafi", "Kadhafi", "Qaddafi"),
    ("Hizballah", "Hezbollah", "Hizbullah"), ("Zawahiri", "Zawahri"), ("Baghdadi", "Bagdadi"),
    # Russian / Ukrainian / Belarusian (BGN/PCGN vs. passport/ISO/English/German/French spellings)
    ("Yevgeniy", "Evgeny", "Evgeniy", "Yevgeny", "Evgenii", "Jewgeni"),
    ("Aleksandr", "Alexandr", "Alexander", "Aleksander", "Alexandre"),
    ("Aleksey", "Alexey", "Alexei", "Aleksei", "Alexej"), ("Sergey", "Sergei", "Serguei", "Sergej"),
    ("Andrey", "Andrei", "Andrej"), ("Dmitriy", "Dmitry", "Dmitri", "Dmitrii"),
    ("Yuriy", "Yury", "Yuri", "Iouri", "Juri"), ("Nikolay", "Nikolai", "Nicolai"),
    ("Vitaliy", "Vitaly", "Vitalii"), ("Vasiliy", "Vasily", "Vasili", "Vassili"),
    ("Anatoliy", "Anatoly", "Anatolii"), ("Grigoriy", "Grigory", "Grigori"), ("Valeriy", "Valery", "Valeri"),
    ("Gennadiy", "Gennady", "Gennadi"), ("Arkadiy", "Arkady", "Arkadi"), ("Fedor", "Fyodor", "Fiodor"),
    ("Pyotr", "Petr", "Piotr"), ("Semyon", "Semen", "Semion"), ("Yelena", "Elena", "Jelena"),
    ("Yekaterina", "Ekaterina", "Katerina"), ("Natalya", "Natalia", "Natalja"), ("Tatyana", "Tatiana", "Tatjana"),
    ("Yuliya", "Yulia", "Julia", "Ioulia"), ("Mariya", "Maria"), ("Oleksandr", "Olexander", "Oleksander"),
    ("Volodymyr", "Wolodymyr"), ("Mikhail", "Mikhael", "Michail"), ("Yakov", "Iakov", "Jakov"),
    ("Ilya", "Ilia", "Ilja"), ("Vyacheslav", "Viacheslav", "Wjatscheslaw"), ("Vladislav", "Wladislaw"),
    ("Konstantin", "Constantin"), ("Maksim", "Maxim", "Maksym"), ("Kirill", "Kiril", "Cyril"),
)
# Korean (McCune-Reischauer / Revised Romanization / common): used for Korean entities only
TRANSLIT_KOREAN: tuple[tuple[str, ...], ...] = (
    ("Ri", "Lee", "Yi", "Rhee"), ("Pak", "Park", "Bak"), ("Choe", "Choi", "Chwe"), ("Jong", "Jeong", "Chong"),
    ("Kim", "Gim"), ("Kang", "Gang"), ("Chol", "Cheol"), ("Hyon", "Hyeon", "Hyun"), ("Song", "Seong", "Sung"),
    ("Un", "Eun"), ("Kyong", "Gyeong", "Kyung"), ("Yong", "Yeong", "Young"), ("Myong", "Myeong", "Myung"),
)
# Chinese (pinyin / Wade-Giles): used for Chinese entities only
TRANSLIT_CHINESE: tuple[tuple[str, ...], ...] = (
    ("Zhang", "Chang"), ("Zhou", "Chou"), ("Xu", "Hsu"), ("Zhao", "Chao"), ("Xie", "Hsieh"),
    ("Jiang", "Chiang"), ("Qian", "Chien"), ("Zheng", "Cheng"), ("Cai", "Tsai"),
)

# Particles and prefixes written several ways; applied as token rewrites.
PARTICLES: tuple[tuple[str, ...], ...] = (
    ("al-", "el-", "al ", "el ", "Al-", "El-"),
    ("bin", "ibn", "ben", "bin."),
    ("Abd al-", "Abdul ", "Abdel ", "Abd el-", "Abdal ", "Abd-al-", "Abdol "),
)

# English / Russian / Spanish / Arabic hypocoristics (formal given name -> nicknames)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "robert": ("Bob", "Rob", "Bobby"), "william": ("Bill", "Will", "Billy"), "richard": ("Dick", "Rick", "Rich"),
    "james": ("Jim", "Jimmy"), "john": ("Jack", "Johnny"), "michael": ("Mike", "Mick"),
    "thomas": ("Tom", "Tommy"), "joseph": ("Joe",), "charles": ("Charlie", "Chuck"), "edward": ("Ed", "Ted"),
    "daniel": ("Dan", "Danny"), "david": ("Dave",), "anthony": ("Tony",), "christopher": ("Chris",),
    "matthew": ("Matt",), "nicholas": ("Nick",), "stephen": ("Steve",), "steven": ("Steve",),
    "benjamin": ("Ben",), "samuel": ("Sam",), "patrick": ("Pat",), "peter": ("Pete",), "ronald": ("Ron",),
    "donald": ("Don",), "kenneth": ("Ken",), "lawrence": ("Larry",), "gerald": ("Jerry",),
    "timothy": ("Tim",), "jonathan": ("Jon",), "frederick": ("Fred",), "raymond": ("Ray",),
    "elizabeth": ("Liz", "Beth"), "margaret": ("Maggie", "Peggy"), "katherine": ("Kate", "Kathy"),
    "alexander": ("Alex", "Sasha"), "aleksandr": ("Sasha", "Sanya"), "alexandr": ("Sasha",),
    "vladimir": ("Volodya", "Vova"), "dmitriy": ("Dima",), "dmitry": ("Dima",), "mikhail": ("Misha",),
    "yevgeniy": ("Zhenya",), "evgeny": ("Zhenya",), "ivan": ("Vanya",), "nikolay": ("Kolya",),
    "nikolai": ("Kolya",), "sergey": ("Seryozha",), "sergei": ("Seryozha",), "anatoliy": ("Tolya",),
    "viktor": ("Vitya",), "pavel": ("Pasha",), "konstantin": ("Kostya",), "aleksey": ("Alyosha", "Lyosha"),
    "alexey": ("Alyosha",), "yuriy": ("Yura",), "boris": ("Borya",), "grigoriy": ("Grisha",),
    "vyacheslav": ("Slava",), "vladislav": ("Vlad", "Slava"), "stanislav": ("Stas",), "yakov": ("Yasha",),
    "ekaterina": ("Katya",), "yekaterina": ("Katya",), "yelena": ("Lena",), "elena": ("Lena",),
    "tatyana": ("Tanya",), "mariya": ("Masha",), "natalya": ("Natasha",), "olga": ("Olya",),
    "svetlana": ("Sveta",), "anastasiya": ("Nastya",), "valentina": ("Valya",), "lyudmila": ("Lyuda",),
    "jose": ("Pepe",), "francisco": ("Paco", "Pancho"), "ignacio": ("Nacho",), "guillermo": ("Memo",),
    "jesus": ("Chucho",), "manuel": ("Manolo",), "alejandro": ("Alex",), "enrique": ("Kike",),
    "eduardo": ("Lalo",), "roberto": ("Beto",), "alberto": ("Beto",), "rafael": ("Rafa",), "luis": ("Lucho",),
    "fernando": ("Nando",), "gonzalo": ("Chalo",), "rodrigo": ("Rodri",), "antonio": ("Toño", "Tony"),
}

TITLES = (
    "Dr.", "Dr", "Sheikh", "Shaykh", "General", "Gen.", "President", "Colonel", "Col.", "Brig. Gen.",
    "Major General", "Lt. Gen.", "Mr.", "Mrs.", "Haji", "Hajji", "Mullah", "Maulana", "Prof.", "Professor",
    "Eng.", "Engineer", "Ayatollah", "Admiral", "H.E.", "His Excellency", "Sayyid", "Captain", "Minister",
)

# Words that do not give a letter in an organisation's acronym; legal forms dropped at the end.
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&", "a",
                               "an", "at", "to", "y", "del", "di"})
TRAILING_LEGAL_FORMS = frozenset({
    "ltd", "llc", "inc", "co", "jsc", "gmbh", "ag", "sa", "plc", "pjsc", "ojsc", "cjsc", "sarl", "bv", "fze",
    "fzco", "llp", "lp", "pvt", "pte", "limited", "oao", "zao", "ooo", "pao", "ao", "srl", "spa", "cv", "kg",
    "fzc", "fz", "dmcc", "sdn", "bhd", "tic", "as", "sl", "nv",
})

# Legal forms that denote distinct legal persons within one jurisdiction (hard negatives).
DISTINCT_LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("AG", "GmbH", "KG"), ("SA", "SARL", "SAS"), ("LLC", "LP"), ("Ltd", "LLP"), ("SpA", "Srl"), ("BV", "NV"),
)

# Similar-sounding surnames (spelled differently, distinct families) for Meyer/Maier-style negatives.
SIMILAR_SURNAME_RULES: tuple[tuple[str, str], ...] = (
    ("ey", "ai"), ("ei", "ay"), ("ai", "ey"), ("ay", "ei"), ("dt", "tt"), ("tt", "dt"), ("ph", "f"),
    ("f", "ph"), ("mann", "man"), ("man", "mann"), ("sohn", "son"), ("son", "sen"), ("sen", "son"),
    ("ck", "k"), ("c", "k"), ("k", "c"), ("z", "s"), ("s", "z"), ("y", "i"), ("i", "y"), ("ov", "ev"),
    ("ev", "ov"), ("an", "en"), ("en", "an"), ("o", "u"), ("u", "o"), ("e", "a"), ("a", "e"),
)

# ---- diacritics: plausible additions (letter -> accented forms) -----------------------------------------
ADD_DIACRITIC = {"a": "áàâä", "e": "éèêë", "i": "íîï", "o": "óôöø", "u": "úûü", "c": "ç", "n": "ñ",
                 "s": "şš", "g": "ğ", "z": "ž", "y": "ý"}

# ---- Russian Cyrillic: reverse BGN/PCGN (longest match first) -------------------------------------------
LATIN_TO_CYRILLIC: tuple[tuple[str, str], ...] = (
    ("shch", "щ"), ("sch", "щ"), ("yevich", "евич"), ("yevna", "евна"),
    ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("yo", "ё"), ("iy", "ий"), ("yy", "ый"), ("ks", "кс"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("y", "ы"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("q", "к"),
    ("x", "кс"), ("j", "дж"), ("'", "ь"),
)
RU_VOWELS = "aeiouy"

# Russian legal forms: Latin (as listed) -> Cyrillic abbreviation and full form
RU_LEGAL_FORMS: dict[str, tuple[str, str]] = {
    "ooo": ("ООО", "Общество с ограниченной ответственностью"),
    "llc": ("ООО", "Общество с ограниченной ответственностью"),
    "limited liability company": ("ООО", "Общество с ограниченной ответственностью"),
    "obshchestvo s ogranichennoy otvetstvennostyu": ("ООО", "Общество с ограниченной ответственностью"),
    "ao": ("АО", "Акционерное общество"),
    "jsc": ("АО", "Акционерное общество"),
    "joint stock company": ("АО", "Акционерное общество"),
    "aktsionernoe obshchestvo": ("АО", "Акционерное общество"),
    "pao": ("ПАО", "Публичное акционерное общество"),
    "pjsc": ("ПАО", "Публичное акционерное общество"),
    "public joint stock company": ("ПАО", "Публичное акционерное общество"),
    "oao": ("ОАО", "Открытое акционерное общество"),
    "ojsc": ("ОАО", "Открытое акционерное общество"),
    "open joint stock company": ("ОАО", "Открытое акционерное общество"),
    "zao": ("ЗАО", "Закрытое акционерное общество"),
    "cjsc": ("ЗАО", "Закрытое акционерное общество"),
    "closed joint stock company": ("ЗАО", "Закрытое акционерное общество"),
}

# ---- Arabic script ----------------------------------------------------------------------------------------
# (a name alone as written alone: عزيز = Aziz, Tariq Aziz = طارق عزيز; after Abd with the article: عبد العزيز)
ARABIC_WORDS: dict[str, str] = {
    "muhammad": "محمد", "mohammad": "محمد", "mohammed": "محمد", "mohamed": "محمد", "mohamad": "محمد",
    "ahmad": "أحمد", "ahmed": "أحمد", "mahmud": "محمود", "mahmoud": "محمود", "ali": "علي", "hasan": "حسن",
    "hassan": "حسن", "husayn": "حسين", "hussein": "حسين", "hussain": "حسين", "husain": "حسين",
    "abdallah": "عبد الله", "abdullah": "عبد الله", "abd": "عبد", "abdul": "عبد ال", "abdel": "عبد ال",
    "al": "ال", "el": "ال", "bin": "بن", "ibn": "بن", "bint": "بنت", "abu": "أبو", "umm": "أم",
    "rahman": "الرحمن", "rahim": "الرحيم", "aziz": "عزيز", "karim": "كريم", "qasim": "قاسم", "kassem": "قاسم",
    "ibrahim": "إبراهيم", "ismail": "إسماعيل", "yusuf": "يوسف", "youssef": "يوسف", "yousef": "يوسف",
    "umar": "عمر", "omar": "عمر", "uthman": "عثمان", "othman": "عثمان", "khalid": "خالد", "khaled": "خالد",
    "said": "سعيد", "saeed": "سعيد", "salih": "صالح", "saleh": "صالح", "faysal": "فيصل", "faisal": "فيصل",
    "jafar": "جعفر", "mustafa": "مصطفى", "mostafa": "مصطفى", "nasir": "ناصر", "nasser": "ناصر",
    "rashid": "راشد", "sulayman": "سليمان", "suleiman": "سليمان", "yahya": "يحيى", "zayd": "زيد",
    "zaid": "زيد", "hamid": "حامد", "majid": "ماجد", "walid": "وليد", "tariq": "طارق", "tarek": "طارق",
    "jamal": "جمال", "hafiz": "حافظ", "qadir": "القادر", "nur": "نور", "nour": "نور", "mahdi": "مهدي",
    "musa": "موسى", "mousa": "موسى", "isa": "عيسى", "issa": "عيسى", "yasin": "ياسين", "bashir": "بشير",
    "hamza": "حمزة", "fatima": "فاطمة", "aisha": "عائشة", "zaynab": "زينب", "usama": "أسامة",
    "osama": "أسامة", "ayman": "أيمن", "anwar": "أنور", "adil": "عادل", "adel": "عادل", "amir": "أمير",
    "sharif": "شريف", "habib": "حبيب", "abbas": "عباس", "haydar": "حيدر", "haider": "حيدر", "mansur": "منصور",
    "mansour": "منصور", "sayf": "سيف", "saif": "سيف", "din": "الدين", "allah": "الله", "hadi": "هادي",
    "jabir": "جابر", "jaber": "جابر", "salim": "سالم", "salem": "سالم", "sami": "سامي", "samir": "سمير",
    "khalil": "خليل", "ghazi": "غازي", "fadl": "فضل", "fadel": "فاضل", "hamad": "حمد", "hamdan": "حمدان",
    "sultan": "سلطان", "nasrallah": "نصر الله", "shaykh": "شيخ", "sheikh": "شيخ", "kamal": "كمال",
    "wahid": "وحيد", "munir": "منير", "nabil": "نبيل", "radwan": "رضوان", "ridwan": "رضوان", "talal": "طلال",
    "badr": "بدر", "mubarak": "مبارك", "masud": "مسعود", "masoud": "مسعود", "hashim": "هاشم", "hashem": "هاشم",
    "idris": "إدريس", "ilyas": "إلياس", "marwan": "مروان", "hisham": "هشام", "imad": "عماد", "iyad": "إياد",
    "ziad": "زياد", "ziyad": "زياد", "tahir": "طاهر", "taher": "طاهر", "zuhayr": "زهير", "zuhair": "زهير",
    "qadhafi": "القذافي", "asad": "الأسد", "assad": "الأسد", "makhluf": "مخلوف", "makhlouf": "مخلوف",
    "shahid": "شهيد", "haqqani": "حقاني", "hizballah": "حزب الله", "hezbollah": "حزب الله",
}
# the article (al-, el-): not counted as evidence that a name is Arabic (Spanish writes El too)
ARABIC_ARTICLES = frozenset({"al", "el"})
# consonant skeleton for tokens not in the list (digraphs first)
LATIN_TO_ARABIC: tuple[tuple[str, str], ...] = (
    ("kh", "خ"), ("sh", "ش"), ("th", "ث"), ("dh", "ذ"), ("gh", "غ"), ("ou", "و"), ("oo", "و"), ("ee", "ي"),
    ("aa", "ا"), ("ai", "ي"), ("ay", "ي"), ("b", "ب"), ("t", "ت"), ("j", "ج"), ("h", "ه"), ("d", "د"),
    ("r", "ر"), ("z", "ز"), ("s", "س"), ("f", "ف"), ("q", "ق"), ("k", "ك"), ("l", "ل"), ("m", "م"),
    ("n", "ن"), ("w", "و"), ("y", "ي"), ("i", "ي"), ("u", "و"), ("o", "و"), ("e", ""), ("a", ""),
    ("g", "ج"), ("p", "ب"), ("v", "ف"), ("c", "ك"), ("x", "كس"), ("'", "ع"),
)

# ---- Korean: McCune-Reischauer syllables (as written in OFAC DPRK entries) -> Hangul -----------------------
KOREAN_SYLLABLES: dict[str, str] = {
    "kim": "김", "ri": "리", "li": "리", "pak": "박", "choe": "최", "jong": "정", "chong": "정", "un": "은",
    "il": "일", "chol": "철", "song": "성", "yong": "영", "hyon": "현", "nam": "남", "kwang": "광",
    "myong": "명", "sun": "순", "hui": "희", "ho": "호", "su": "수", "ok": "옥", "chang": "창", "hak": "학",
    "ryong": "룡", "hyok": "혁", "hun": "훈", "thae": "태", "tae": "태", "kyong": "경", "sok": "석",
    "man": "만", "mun": "문", "chun": "춘", "min": "민", "yun": "윤", "han": "한", "kang": "강",
    "jang": "장", "jon": "전", "o": "오", "u": "우", "yu": "유", "pong": "봉", "sang": "상", "se": "세",
    "son": "손", "hwa": "화", "hwang": "황", "hong": "홍", "ko": "고", "kil": "길", "kuk": "국",
    "chon": "천", "rim": "림", "ryu": "류", "sin": "신", "sim": "심", "mi": "미", "ju": "주", "jun": "준",
    "jin": "진", "won": "원", "hye": "혜", "yon": "연", "yol": "렬", "ryol": "렬", "chu": "주", "tong": "동",
    "dong": "동", "gil": "길", "guk": "국", "hyong": "형", "bok": "복", "pok": "복", "gwang": "광",
    "kye": "계", "chae": "채", "pyong": "평", "to": "도", "do": "도", "ung": "웅", "yang": "양", "an": "안",
    "ha": "하", "hyang": "향", "sung": "승", "chi": "지", "ji": "지", "sam": "삼", "chil": "칠", "kun": "군",
    "ra": "라", "kwon": "권", "paek": "백", "ro": "로", "pae": "배", "ham": "함", "in": "인", "hi": "희",
    "cho": "조", "so": "소", "jo": "조", "sop": "섭", "sik": "식", "hwan": "환", "yo": "여", "kyu": "규",
    "pu": "부", "bong": "봉", "ku": "구", "myo": "묘", "je": "제", "bom": "봄", "gon": "곤", "mu": "무",
    "ki": "기", "jae": "재", "byong": "병", "hwi": "휘", "pang": "방", "uk": "욱", "kwak": "곽", "ryom": "렴",
    "oe": "외", "cha": "차", "hyo": "효", "ja": "자", "thaek": "택", "hae": "해", "tok": "덕", "chan": "찬",
    "ryang": "량", "yung": "융", "nyon": "년", "gang": "강", "rak": "락", "pho": "포", "thong": "통",
    "dan": "단", "dae": "대", "baek": "백", "san": "산", "gum": "금", "nok": "록", "heung": "흥", "ma": "마",
    "dok": "덕", "ryon": "련", "ryo": "려", "sol": "솔", "nung": "능", "kum": "금", "tan": "단", "gun": "군",
}
# DPRK organisation words (English as listed -> the Korean word of the registered name)
KOREAN_WORDS: dict[str, str] = {
    "korea": "조선", "korean": "조선", "trading": "무역", "corporation": "회사", "company": "회사", "corp": "회사",
    "co": "회사", "bank": "은행", "banking": "은행", "general": "총", "development": "개발", "shipping": "해운",
    "credit": "신용", "industry": "공업", "industrial": "공업", "mining": "광업", "committee": "위원회",
    "group": "그룹", "limited": "", "ltd": "", "of": "", "the": "", "and": "", "joint": "합영", "venture": "",
}

# ---- Chinese: common surnames (pinyin -> character) ---------------------------------------------------------
CHINESE_SURNAMES: dict[str, str] = {
    "wang": "王", "li": "李", "zhang": "张", "liu": "刘", "chen": "陈", "yang": "杨", "huang": "黄",
    "zhao": "赵", "wu": "吴", "zhou": "周", "xu": "徐", "sun": "孙", "ma": "马", "zhu": "朱", "hu": "胡",
    "guo": "郭", "he": "何", "lin": "林", "luo": "罗", "gao": "高", "zheng": "郑", "liang": "梁", "xie": "谢",
    "song": "宋", "tang": "唐", "han": "韩", "feng": "冯", "deng": "邓", "cao": "曹", "peng": "彭",
    "zeng": "曾", "xiao": "肖", "tian": "田", "dong": "董", "pan": "潘", "yuan": "袁", "cai": "蔡",
    "jiang": "蒋", "yu": "余", "du": "杜", "ye": "叶", "cheng": "程", "wei": "魏", "su": "苏", "lu": "吕",
    "ding": "丁", "ren": "任", "lu2": "卢", "yao": "姚", "shen": "沈", "zhong": "钟", "jiang2": "姜",
    "cui": "崔", "tan": "谭", "lu3": "陆", "fan": "范", "wang2": "汪", "liao": "廖", "shi": "石",
    "jin": "金", "wei2": "韦", "jia": "贾", "xia": "夏", "fu": "傅", "fang": "方", "zou": "邹", "xiong": "熊",
    "bai": "白", "meng": "孟", "qin": "秦", "qiu": "邱", "hou": "侯", "jiang3": "江", "yin": "尹",
    "xue": "薛", "yan": "闫", "duan": "段", "lei": "雷", "long": "龙", "li2": "黎", "shi2": "史", "tao": "陶",
    "mao": "毛", "he2": "贺", "gu": "顾", "gong": "龚", "hao": "郝", "shao": "邵", "wan": "万", "qian": "钱",
    "yan2": "严", "lai": "赖", "qin2": "覃", "hong": "洪", "wu2": "武", "mo": "莫", "kong": "孔",
}
# Chinese place and generic company words (as in Chinese registered company names)
CHINESE_WORDS: dict[str, str] = {
    "beijing": "北京", "shanghai": "上海", "shenzhen": "深圳", "guangzhou": "广州", "tianjin": "天津",
    "chongqing": "重庆", "wuhan": "武汉", "chengdu": "成都", "hangzhou": "杭州", "nanjing": "南京",
    "xian": "西安", "xi'an": "西安", "changsha": "长沙", "suzhou": "苏州", "hefei": "合肥", "harbin": "哈尔滨",
    "dalian": "大连", "qingdao": "青岛", "xiamen": "厦门", "ningbo": "宁波", "zhuhai": "珠海",
    "dongguan": "东莞", "dandong": "丹东", "yanji": "延吉", "hunchun": "珲春", "kunming": "昆明",
    "changchun": "长春", "fuzhou": "福州", "nanchang": "南昌", "taiyuan": "太原", "lanzhou": "兰州",
    "guiyang": "贵阳", "nanning": "南宁", "shijiazhuang": "石家庄", "wuxi": "无锡", "foshan": "佛山",
    "shenyang": "沈阳", "jinan": "济南", "zhengzhou": "郑州", "china": "中国",
    "chinese": "中国", "hong": "香", "kong": "港", "guangdong": "广东", "jiangsu": "江苏", "zhejiang": "浙江",
    "sichuan": "四川", "hubei": "湖北", "hunan": "湖南", "shaanxi": "陕西", "shandong": "山东",
    "technology": "科技", "technologies": "科技", "science": "科学", "electronics": "电子", "electronic": "电子",
    "electric": "电气", "information": "信息", "industry": "工业", "industrial": "实业", "trading": "贸易",
    "trade": "贸易", "international": "国际", "group": "集团", "research": "研究", "institute": "研究所",
    "university": "大学", "academy": "研究院", "engineering": "工程", "equipment": "设备", "machinery": "机械",
    "intelligent": "智能", "intelligence": "智能", "semiconductor": "半导体", "microelectronics": "微电子",
    "optoelectronics": "光电", "optical": "光学", "communication": "通信", "communications": "通信",
    "network": "网络", "software": "软件", "aerospace": "航天", "aviation": "航空", "materials": "材料",
    "import": "进口", "export": "出口", "logistics": "物流", "development": "发展", "investment": "投资",
    "holdings": "控股", "new": "新", "energy": "能源", "power": "电力", "automation": "自动化",
    "instruments": "仪器", "instrument": "仪器", "medical": "医疗", "robotics": "机器人", "data": "数据",
    "cloud": "云", "computing": "计算", "computer": "计算机", "digital": "数字", "security": "安全",
    "systems": "系统", "system": "系统", "and": "", "of": "", "the": "",
}
CHINESE_LEGAL_FORMS: dict[str, str] = {
    "co., ltd.": "有限公司", "co., ltd": "有限公司", "co. ltd.": "有限公司", "co ltd": "有限公司",
    "company limited": "有限公司", "limited": "有限公司", "ltd": "有限公司", "ltd.": "有限公司",
    "corporation": "公司", "corp.": "公司", "company": "公司", "co.": "公司", "inc.": "公司",
    "group co., ltd.": "集团有限公司", "joint stock co., ltd.": "股份有限公司",
}

# English words of Russian company names as listed -> the Russian word of the registered name
# (the Cyrillic name is the original; the English list name is often a translation)
RU_WORDS: dict[str, str] = {
    "scientific": "Научно", "production": "Производственное", "association": "Объединение",
    "research": "Исследовательский", "institute": "Институт", "plant": "Завод", "design": "Конструкторское",
    "bureau": "Бюро", "bank": "Банк", "group": "Группа", "company": "Компания", "concern": "Концерн",
    "corporation": "Корпорация", "center": "Центр", "centre": "Центр", "engineering": "Инжиниринг",
    "trading": "Торговый", "house": "Дом", "factory": "Фабрика", "special": "Специальное", "state": "Государственный",
    "scientific-production": "Научно-производственное", "and": "и", "of": "", "the": "", "aircraft": "Авиационный",
    "repair": "Ремонтный", "shipyard": "Судостроительный", "construction": "Строительный", "oil": "Нефтяная",
    "gas": "Газ", "electronics": "Электроника", "systems": "Системы", "technologies": "Технологии",
    "technology": "Технологии", "instrument": "Приборостроительный", "radio": "Радио", "energy": "Энергия",
    "machine": "Машиностроительный", "building": "Строительный", "works": "Завод", "russian": "Российский",
    "all-russian": "Всероссийский", "federal": "Федеральный", "united": "Объединенная", "national": "Национальный",
    "precision": "Точного", "mechanics": "Механики", "optical": "Оптический", "chemical": "Химический",
    "mechanical": "Механический", "marine": "Морской", "new": "Новые", "arctic": "Арктическая",
    "aviation": "Авиационный", "electric": "Электрический", "electronic": "Электронный", "power": "Энергетический",
    "investment": "Инвестиционная", "management": "Управляющая", "capital": "Капитал", "insurance": "Страховая",
}
