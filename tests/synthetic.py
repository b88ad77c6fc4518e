"""Synthetic Indonesian articles for the fault and kill tests (invented people and organisations).

Each article is distinct (its number is in the title, which the fault injector uses to count
requests per article), names one AI researcher leaving one organisation for another (so the
relevance gate lets it through), and, for three in four, has a pay offer and a quote too, so it
needs both model calls.
"""

from __future__ import annotations

from collections.abc import Iterator

from talent_extract import Article

_FIRST = ["Arif", "Bayu", "Cahya", "Dimas", "Erlina", "Fikri", "Galih", "Hanum", "Indra", "Jihan"]
_LAST = ["Saputra", "Wibowo", "Hakim", "Purnama", "Setiadi", "Harahap", "Nasution", "Rahayu"]
_ORGS = ["Lintas AI", "Nusa Neural", "Garuda Robotika", "Awan Data", "Samudra Labs"]
_FILLER = [
    "Persaingan merekrut peneliti kecerdasan buatan terus memanas tahun ini.",
    "Perusahaan itu belum memberikan tanggapan resmi hingga berita ini diturunkan.",
    "Tim yang ditinggalkan disebut tetap melanjutkan proyek yang sedang berjalan.",
]


def article_text(i: int) -> str:
    """Article number ``i``: a departure, and for three in four an offer and a quote."""
    name = f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST)) % len(_LAST)]}"
    org = _ORGS[i % len(_ORGS)]
    org2 = _ORGS[(i + 1 + i // len(_ORGS)) % len(_ORGS)]
    if org2 == org:
        org2 = _ORGS[(i + 2) % len(_ORGS)]
    boss = f"{_FIRST[(i + 3) % len(_FIRST)]} {_LAST[(i + 5) % len(_LAST)]}"
    paragraphs = [
        f"{name} Tinggalkan {org} (Kabar Nomor {i})",
        f"Peneliti AI {name} dari {org} keluar dan bergabung dengan {org2} pekan ini, kata sumber.",
        _FILLER[i % len(_FILLER)],
    ]
    if i % 4 != 3:
        paragraphs.append(
            f"{org2} disebut menawarkan paket gaji hingga US$ {10 + i % 90} juta untuk {name}."
        )
        paragraphs.append(
            f"“Kami senang menyambut {name.split()[0]} ke tim riset kami,” "
            f"kata {boss}, kepala riset {org2}."
        )
    paragraphs.append(_FILLER[(i + 1) % len(_FILLER)])
    return "\n\n".join(paragraphs) + "\n"


def articles(n: int, prefix: str = "synthetic") -> Iterator[Article]:
    """``n`` synthetic articles with ids ``{prefix}-{i}``."""
    for i in range(n):
        yield Article(text=article_text(i), id=f"{prefix}-{i}")
