"""Journal dates: Logseq's date-fns title formats, parsing and formatting (LOGSEQ_FORMAT §1.5)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEFAULT_TITLE_FORMAT = "MMM do, yyyy"
FALLBACK_FORMATS = ("MMM do, yyyy", "yyyy-MM-dd", "yyyy_MM_dd")

_YEAR = re.compile(r"\d{4}")
_TOKENS = ("yyyy", "yy", "MMMM", "MMM", "MM", "M", "do", "dd", "d", "EEEE", "EEE", "EE", "E")
_TOKEN_RE = re.compile("|".join(_TOKENS) + r"|'[^']*'")


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_date(day: dt.date, fmt: str) -> str:
    """Format ``day`` with a date-fns pattern such as ``MMM do, yyyy`` or ``yyyy年MM月dd日``."""

    def token(match: re.Match[str]) -> str:
        tok = match.group(0)
        values = {
            "yyyy": f"{day.year:04d}",
            "yy": f"{day.year % 100:02d}",
            "MMMM": MONTHS[day.month - 1],
            "MMM": MONTHS[day.month - 1][:3],
            "MM": f"{day.month:02d}",
            "M": str(day.month),
            "do": _ordinal(day.day),
            "dd": f"{day.day:02d}",
            "d": str(day.day),
            "EEEE": DAYS[day.weekday()],
            "EEE": DAYS[day.weekday()][:3],
            "EE": DAYS[day.weekday()][:3],
            "E": DAYS[day.weekday()][:3],
        }
        return values.get(tok, tok[1:-1] if tok.startswith("'") else tok)

    return _TOKEN_RE.sub(token, fmt)


@lru_cache(maxsize=64)
def _parser(fmt: str) -> re.Pattern[str]:
    parts: list[str] = []
    pos = 0
    for match in _TOKEN_RE.finditer(fmt):
        parts.append(re.escape(fmt[pos : match.start()]))
        tok = match.group(0)
        parts.append(
            {
                "yyyy": r"(?P<y>\d{4})",
                "yy": r"(?P<yy>\d{2})",
                "MMMM": r"(?P<mon>[A-Za-z]+)",
                "MMM": r"(?P<mon>[A-Za-z]{3})",
                "MM": r"(?P<m>\d{2})",
                "M": r"(?P<m>\d{1,2})",
                "do": r"(?P<d>\d{1,2})(?:st|nd|rd|th)",
                "dd": r"(?P<d>\d{2})",
                "d": r"(?P<d>\d{1,2})",
                "EEEE": r"[A-Za-z]+",
                "EEE": r"[A-Za-z]{3}",
                "EE": r"[A-Za-z]{3}",
                "E": r"[A-Za-z]{3}",
            }.get(tok, re.escape(tok[1:-1]) if tok.startswith("'") else re.escape(tok))
        )
        pos = match.end()
    parts.append(re.escape(fmt[pos:]))
    return re.compile("".join(parts), re.IGNORECASE)


def parse_date(text: str, fmt: str) -> dt.date | None:
    """Parse ``text`` written in the date-fns pattern ``fmt``; None when it does not match."""
    match = _parser(fmt).fullmatch(text.strip())
    if not match:
        return None
    groups = match.groupdict()
    try:
        year = int(groups["y"]) if groups.get("y") else 2000 + int(groups.get("yy") or 0)
        if groups.get("mon"):
            names = [m.lower() for m in MONTHS]
            mon = groups["mon"].lower()
            month = next(i + 1 for i, m in enumerate(names) if m == mon or m[:3] == mon)
        else:
            month = int(groups["m"])
        return dt.date(year, month, int(groups["d"]))
    except (StopIteration, ValueError, KeyError, TypeError):
        return None


class JournalDates:
    """Recognises journal page names in any of Logseq's accepted forms and titles them."""

    def __init__(self, title_format: str = DEFAULT_TITLE_FORMAT) -> None:
        self.title_format = title_format or DEFAULT_TITLE_FORMAT
        self.formats = tuple(dict.fromkeys((self.title_format, *FALLBACK_FORMATS)))
        self.four_digit_year = all("yyyy" in f for f in self.formats)
        self._cache: dict[str, dt.date | None] = {}

    def parse(self, name: str) -> dt.date | None:
        """The date a page name stands for, or None when it is not a journal name."""
        try:
            return self._cache[name]
        except KeyError:
            day = self._cache[name] = self._parse(name)
            return day

    def _parse(self, name: str) -> dt.date | None:
        if not name or len(name) > 40 or (self.four_digit_year and not _YEAR.search(name)):
            return None
        for fmt in self.formats:
            day = parse_date(name, fmt)
            if day is not None:
                return day
        return None

    def title(self, day: dt.date) -> str:
        """The display title of the journal page of ``day``."""
        return format_date(day, self.title_format)
