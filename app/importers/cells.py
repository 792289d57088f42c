"""Cell values of an inventory sheet -> engine values: UK dates, pounds, whole numbers, kinds, estates.

Every parser takes what openpyxl or the csv module gives (``str``, ``int``, ``float``, ``bool``,
``datetime``, ``None``), returns ``None`` for an empty cell and raises ``CellError`` with a reason a
procurement officer can act on ("'£12,x00' is not an amount of money").
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from app.engine.model import COMPONENT_KINDS, SYSTEM_ACTIONS

# What Excel shows for a formula that failed; never data.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})
# Cells that mean "nothing here" in a finance sheet.
_PLACEHOLDERS = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "tbc", "tbd", "unknown", "?",
                           "none given"})
_DASHES = frozenset({"", "-", "–", "—"})
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")), start=1) for name in names}
_EXCEL_EPOCH = date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
# The largest whole number a cell may give: what interchange JSON and the project file hold exactly
# (``app.storage.interchange.MAX_WHOLE``; importers do not import storage).
MAX_WHOLE = 2**53 - 1
# Longer text is not a number or a date (and would make the number pattern slow): refused at once.
_LONGEST_NUMBER = 100
# Years a text date may name: a four-digit year before 1900 is a typing slip (0001 is not 2001).
_FIRST_YEAR = 1900
_SHOWN = 60


def _quote(value: object) -> str:
    """A cell's text in quotes for a message, cut short when long (a report line stays readable)."""
    text = shown_text(value)
    return f"'{text}'" if len(text) <= _SHOWN else f"'{text[:_SHOWN - 3]}...'"


class CellError(ValueError):
    """A cell that cannot be read as the value its column needs; ``str()`` is the reason."""


def is_blank(value: object) -> bool:
    """True for ``None`` and text that is only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown_text(value: object) -> str:
    """Return a cell as a person would read it: dates as dd/mm/yyyy, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return _SPACES.sub(" ", str(value)).strip()


def _checked(value: object, placeholders: frozenset[str] = _PLACEHOLDERS) -> object:
    if isinstance(value, str):
        text = _SPACES.sub(" ", value).strip()
        if text.upper() in EXCEL_ERRORS:
            raise CellError(f"{_quote(text)} is a spreadsheet error, not a value (fix the formula)")
        return None if text.lower() in placeholders else text
    return value


def parse_text(value: object) -> str:
    """Return free text ("" for empty); spreadsheet error values are refused."""
    checked = _checked(value, _DASHES)
    return "" if checked is None else shown_text(checked)


def parse_money(value: object) -> float | None:
    """Return pounds (>= 0) from ``12000``, ``"£12,000"``, ``"£12k"``, ``"1.2m"``, ``"12,000 pa"``.

    Raises:
        CellError: not money, or negative (``-5`` or ``(5)``): ccplan refuses negative money.
    """
    value = _checked(value)
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(f"{_quote(value)} is not an amount of money")
    if isinstance(value, (int, float)):
        try:
            amount = float(value)
        except OverflowError:  # an integer cell of hundreds of digits
            amount = math.inf
    else:
        parsed = _money_from_text(str(value))
        if parsed is None:
            raise CellError(f"{_quote(value)} is not an amount of money")
        amount = parsed
    if not math.isfinite(amount):
        raise CellError(f"{_quote(value)} is not an amount of money")
    if amount < 0:
        raise CellError(f"{_quote(value)} is negative; money must be zero or more")
    return amount


def _money_from_text(text: str) -> float | None:
    if len(text) > _LONGEST_NUMBER:
        return None
    cleaned = text.lower().replace("gbp", "").replace("£", "").replace(",", "").replace(" ", "")
    cleaned = re.sub(r"(perannum|peryear|p\.?a\.?|/yr|/year|/annum|exvat|exclvat|\+vat)$", "", cleaned)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()")
    match = re.fullmatch(r"(-?)(\d+(?:\.\d*)?|\.\d+)(k|m|bn)?", cleaned)
    if match is None:
        return None
    sign, digits, suffix = match.groups()
    amount = float(digits) * {"k": 1e3, "m": 1e6, "bn": 1e9, None: 1.0}[suffix]
    return -amount if negative or sign else amount


def parse_whole(value: object, unit: str) -> int | None:
    """Return a whole number >= 0 (``25``, ``25.0``, ``"1,200"``, ``"90 days"`` when ``unit`` is days).

    Args:
        value: the cell.
        unit: what the number counts ("seats", "days", "months"); words for it are allowed after the number.

    Raises:
        CellError: not a whole number, negative, or in another unit.
    """
    value = _checked(value)
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(f"{_quote(value)} is not a whole number of {unit}")
    if isinstance(value, int):
        number: float = value  # exact: a 400-digit integer cell is not a float
    elif isinstance(value, float):
        number = value
    else:
        number = _whole_from_text(str(value), unit)
    if isinstance(number, float) and (not math.isfinite(number) or not number.is_integer()):
        raise CellError(f"{_quote(value)} is not a whole number of {unit}")
    if number < 0:
        raise CellError(f"{_quote(value)} is negative; {unit} must be zero or more")
    if number > MAX_WHOLE:
        raise CellError(f"{_quote(value)} is too large a number of {unit}")
    return int(number)


def _whole_from_text(text: str, unit: str) -> float:
    # One way to match each digit: "[\d,]*\.?\d+" split a long run of digits every possible way (quadratic).
    match = re.fullmatch(r"(-?(?:,*\d[\d,]*(?:\.\d+)?|\.\d+))\s*([a-z ]*?)\.?", text.lower().strip()) \
        if len(text) <= _LONGEST_NUMBER else None
    if match is None:
        raise CellError(f"{_quote(text)} is not a whole number of {unit}")
    number = float(match.group(1).replace(",", ""))
    word = match.group(2).strip().rstrip("s")
    factor = {"days": {"day": 1, "working day": 1, "calendar day": 1, "week": 7},
              "months": {"month": 1, "mth": 1, "year": 12, "yr": 12}}.get(unit, {})
    if word in ("", unit.rstrip("s")) or word in factor and factor[word] == 1:
        return number
    if word in factor:
        return number * factor[word]
    if unit == "days" and word in ("month", "mth", "year"):
        raise CellError(f"{_quote(text)} is not in days: give the notice period in days (3 months is about "
                        f"90)")
    if unit not in ("days", "months"):  # seats, licences, users, agents ...
        return number
    raise CellError(f"{_quote(text)} is not a whole number of {unit}")


def parse_date(value: object) -> date | None:
    """Return a date from a date cell or UK text: ``31/03/2027``, ``31/3/27``, ``31 Mar 2027``, ISO.

    Raises:
        CellError: not a date, or a day that does not exist (31/02/2027).
    """
    value = _checked(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"{_quote(value)} is not a date")
    if isinstance(value, (int, float)):
        if 20000 <= value <= 80000 and float(value).is_integer():  # an Excel serial day number
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"{_quote(value)} is not a date (use dd/mm/yyyy)")
    return _date_from_text(str(value))


def _date_from_text(text: str) -> date:
    if len(text) > _LONGEST_NUMBER:
        raise CellError(f"{_quote(text)} is not a date (use dd/mm/yyyy)")
    lowered = text.lower().strip()
    lowered = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", lowered)
    numeric = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", lowered)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", lowered)
    named = re.fullmatch(r"(\d{1,2})[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{2}|\d{4})", lowered)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        year_digits = len(iso.group(1))
    elif numeric:
        day, month, year = (int(g) for g in numeric.groups())
        year_digits = len(numeric.group(3))
    elif named and named.group(2) in _MONTHS:
        day, month, year = int(named.group(1)), _MONTHS[named.group(2)], int(named.group(3))
        year_digits = len(named.group(3))
    else:
        raise CellError(f"{_quote(text)} is not a date (use dd/mm/yyyy)")
    if year_digits == 2:
        year += 2000 if year < 70 else 1900
    elif year < _FIRST_YEAR:
        raise CellError(f"{_quote(text)} is not a real date (the year is before {_FIRST_YEAR})")
    try:
        return date(year, month, day)
    except ValueError:
        hint = " (dates are read day first: dd/mm/yyyy)" if numeric and month > 12 else ""
        raise CellError(f"{_quote(text)} is not a real date{hint}") from None


def parse_flag_text(value: object) -> str:
    """Return personal-data text: "No"-like answers become "", "Yes"-like become "Yes", text stays."""
    if isinstance(value, bool):
        return "Yes" if value else ""
    text = parse_text(value)
    lowered = text.lower().rstrip(".")
    if lowered in ("no", "n", "false", "none", "nil", "0"):
        return ""
    if lowered in ("yes", "y", "true", "1"):
        return "Yes"
    return text


def parse_classification(value: object) -> str | None:
    """Return ``OFFICIAL`` or ``OFFICIAL-SENSITIVE`` from the usual spellings (descriptors ignored).

    Raises:
        CellError: a marking ccplan cannot hold (SECRET, old GPMS markings) or not a marking at all.
    """
    text = parse_text(value)
    if not text:
        return None
    key = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    if key in ("os", "o s") or key.startswith("official sensitive"):
        return "OFFICIAL-SENSITIVE"
    if key == "o" or key.startswith("official"):
        return "OFFICIAL"
    if "secret" in key:
        raise CellError(f"{_quote(text)} material must not be held in ccplan "
                        f"(OFFICIAL and OFFICIAL-SENSITIVE only)")
    if key in ("protect", "restricted", "unclassified", "not protectively marked", "npm"):
        raise CellError(f"{_quote(text)} is an old marking: use OFFICIAL or OFFICIAL-SENSITIVE")
    raise CellError(f"{_quote(text)} is not a classification (OFFICIAL or OFFICIAL-SENSITIVE)")


_ESTATES = {"current": ("current", "legacy", "as is", "asis", "existing", "incumbent", "old", "today", "live",
                        "present", "c"),
            "target": ("target", "new", "to be", "tobe", "future", "proposed", "replacement", "t")}


def parse_estate(value: object) -> str | None:
    """Return ``current`` (current, legacy, as-is, existing) or ``target`` (target, new, to-be, future).

    Raises:
        CellError: neither.
    """
    text = parse_text(value)
    if not text:
        return None
    key = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    for estate, words in _ESTATES.items():
        if key in words or key.removesuffix(" estate") in words:
            return estate
    raise CellError(f"{_quote(text)} is not an estate (current or target)")


_ACTION_WORDS = {"keep": "retain", "retained": "retain", "no change": "retain", "as is": "retain",
                 "decommission": "retire", "decom": "retire", "decommissioned": "retire",
                 "switch off": "retire",
                 "remove": "retire", "retired": "retire", "replaced": "replace", "integrated": "integrate",
                 "ported": "port", "archived": "archive", "upgraded": "upgrade", "changed": "change",
                 "rebuilt": "rebuild", "build": "new", "procure": "new", "add": "new"}


def parse_action(value: object) -> str | None:
    """Return one of ``SYSTEM_ACTIONS`` (retain, replace, ...), allowing a few plain-English synonyms.

    Raises:
        CellError: not an action.
    """
    text = parse_text(value)
    if not text:
        return None
    key = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    if key in SYSTEM_ACTIONS:
        return key
    if key in _ACTION_WORDS:
        return _ACTION_WORDS[key]
    raise CellError(f"{_quote(text)} is not an action ({', '.join(SYSTEM_ACTIONS)})")


# Words and phrases that point at a component kind, beyond the kind's own key and label.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "network": ("network", "sd wan", "sdwan", "wan", "lan", "internet", "broadband", "firewall", "mpls"),
    "identity": ("identity", "sso", "single sign on", "active directory", "entra", "azure ad", "okta",
                 "provisioning"),
    "endpoint": ("endpoint", "headset", "headsets", "desktop", "desktops", "laptop", "laptops", "handset",
                 "handsets", "softphone", "thin client"),
    "sip_trunk": ("sip", "sip trunk", "sip trunking", "sbc", "pstn", "session border controller", "trunk",
                  "trunks", "isdn", "carrier"),
    "numbers": ("numbers", "number", "ddi", "ddis", "porting", "number porting", "non geographic", "0300",
                "0800", "telephone numbers"),
    "acd": ("acd", "queueing", "queuing", "routing", "call routing", "automatic call distribution",
            "call distribution", "pbx", "telephony", "switch"),
    "ivr": ("ivr", "self service", "interactive voice response", "voice bot", "voicebot", "speech"),
    "cti": ("cti", "computer telephony integration", "screen pop", "agent desktop integration"),
    "crm": ("crm", "case management", "salesforce", "dynamics", "line of business", "lob",
            "customer records"),
    "recording": ("recording", "call recording", "voice recording", "screen recording", "recorder"),
    "qm": ("qm", "quality", "quality management", "quality assurance", "qa", "speech analytics"),
    "wfm": ("wfm", "workforce", "workforce management", "workforce planning", "rostering", "scheduling"),
    "payments": ("payments", "payment", "pci", "pci dss", "dtmf", "dtmf masking", "card payments"),
    "webchat": ("webchat", "web chat", "chat", "chatbot", "chat bot", "bot", "live chat"),
    "email_social_sms": ("email", "e mail", "social", "social media", "sms", "text messaging", "whatsapp"),
    "knowledge": ("knowledge", "knowledge base", "kb", "knowledge management", "faq"),
    "reporting": ("reporting", "mi", "wallboard", "wallboards", "management information", "dashboards",
                  "analytics", "bi"),
    "uc": ("uc", "teams", "microsoft teams", "unified communications", "ms teams", "skype"),
    "partner_routing": ("out of hours", "ooh", "partner routing", "overflow", "out of hours routing"),
    "service_management": ("service management", "itsm", "security", "resilience", "monitoring",
                           "service desk", "servicenow", "siem"),
    "nhs_switchboard": ("switchboard", "nhs switchboard", "bleep", "bleeps", "paging", "crash call"),
    "platform": ("platform", "ccaas", "tenant", "contact centre platform", "contact center platform",
                 "contact centre", "cloud contact centre"),
}


def _phrase_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def _kind_phrases() -> dict[str, str]:
    phrases: dict[str, str] = {}
    for key, label in COMPONENT_KINDS:
        phrases[_phrase_key(key)] = key
        phrases[_phrase_key(label)] = key
        for part in re.split(r"[/&(),]| and ", label.lower()):
            phrases.setdefault(_phrase_key(part), key)
        for word in _KIND_WORDS.get(key, ()):
            phrases.setdefault(_phrase_key(word), key)
    phrases.pop("", None)
    return phrases


_KIND_PHRASES = _kind_phrases()


def infer_kind(text: str) -> str | None:
    """Return the component kind that ``text`` (a label, key, abbreviation or system name) points at.

    An exact key, label or known phrase wins; otherwise the kind whose phrases cover most words of
    ``text`` wins, and a tie returns ``None``.
    """
    key = _phrase_key(text)
    if not key:
        return None
    if key in _KIND_PHRASES:
        return _KIND_PHRASES[key]
    padded = f" {key} "
    scores: dict[str, int] = {}
    for phrase, kind in _KIND_PHRASES.items():
        if f" {phrase} " in padded:
            scores[kind] = max(scores.get(kind, 0), len(phrase.split()))
    if not scores:
        return None
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


def parse_kind(value: object) -> str | None:
    """Return a component kind key from a label like "IVR / self-service", "IVR", "ACD" or the key.

    Raises:
        CellError: no kind, or more than one, fits.
    """
    text = parse_text(value)
    if not text:
        return None
    kind = infer_kind(text)
    if kind is None:
        raise CellError(f"{_quote(text)} is not a known component type (for example IVR, ACD, CRM, WFM; "
                        f"the template's Guidance sheet lists them all)")
    return kind


def split_list(value: object) -> tuple[str, ...]:
    """Split a cell listing several items (separated by commas, semicolons or new lines)."""
    if isinstance(value, str):
        _checked(value)
        return tuple(p for p in (_SPACES.sub(" ", part).strip() for part in re.split(r"[,;\n]", value)) if p)
    text = parse_text(value)
    return (text,) if text else ()
