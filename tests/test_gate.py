"""The relevance gate (``find/gate.py``): which articles the model reads at all.

Invented Indonesian texts. The model is an in-process ``httpx2.MockTransport`` (a test double,
not a model) that counts requests and answers with empty lists, so "no call" is a count of 0.
"""

# ruff: noqa: E501  (the invented articles keep each paragraph on one line, as pages do)

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
import openai
import pytest

from talent_extract import Extraction, aextract
from talent_extract.find.gate import relevance, resolve_gate
from talent_extract.model.backend import resolve_backend
from tests.fakes import empty_answer

MOVE = """Peneliti Kecerdasan Buatan Hengkang

Raditya Wicaksana, peneliti kecerdasan buatan di Bentala Data, hengkang ke Arunika Labs pada Senin. “Saya ingin membangun tim riset sendiri,” kata Raditya Wicaksana kepada wartawan.
"""

NO_AI = """Penyerang Andalan Pindah Klub

Penyerang Rivaldo Sihombing pindah dari Persada FC ke Bintang Timur FC pekan ini. “Saya butuh tantangan baru,” kata Rivaldo Sihombing seusai latihan.
"""

# "ai" is a syllable of many Indonesian words: none of these is an AI term.
SYLLABLES = """Nelayan Pindah ke Pesisir Selatan

Ombak besar sampai ke pantai desa itu pada Kamis. Puluhan nelayan pindah ke pesisir selatan sambil menunggu cuaca damai kembali.
"""

NO_MOVE = """Kampus Luncurkan Model Bahasa Daerah

Tim Universitas Tirta Kencana meluncurkan model bahasa untuk bahasa Sunda pada Selasa. “Kami ingin model ini dipakai guru di desa,” kata Anggita Rahmawati, ketua tim tersebut.
"""


def test_an_ai_article_with_a_move_is_relevant() -> None:
    gate = relevance(MOVE)
    assert gate.relevant and gate.reason is None and gate.about_ai


def test_an_article_without_an_ai_term_is_skipped() -> None:
    for text in (NO_AI, SYLLABLES):
        gate = relevance(text)
        assert not gate.relevant and not gate.about_ai
        assert gate.reason == "no AI term or AI organisation in the article"


def test_an_ai_term_in_capitals_must_be_written_in_capitals() -> None:
    assert relevance("Startup AI itu merekrut dua insinyur dari Bentala Data.").relevant
    assert not relevance("Startup ai itu merekrut dua insinyur dari Bentala Data.").about_ai
    # A lowercase entry is matched in any case.
    assert relevance("KECERDASAN BUATAN: Bentala Data merekrut dua insinyur.").relevant


def test_an_ai_article_without_a_move_or_pay_word_is_skipped_but_about_ai() -> None:
    gate = relevance(NO_MOVE)
    assert not gate.relevant and gate.about_ai
    assert gate.reason == "no move or pay word in the article"
    # A pay word alone is enough to be read.
    assert relevance(
        NO_MOVE + "\nTim itu juga menawarkan gaji tinggi bagi peneliti baru.\n"
    ).relevant


def test_resolve_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALENT_EXTRACT_GATE", raising=False)
    assert resolve_gate(None) is True
    for off in ("0", "false", "No "):
        monkeypatch.setenv("TALENT_EXTRACT_GATE", off)
        assert resolve_gate(None) is False
    monkeypatch.setenv("TALENT_EXTRACT_GATE", "1")
    assert resolve_gate(None) is True
    monkeypatch.setenv("TALENT_EXTRACT_GATE", "0")
    assert resolve_gate(True) is True  # an argument wins over the environment


# --------------------------------------------------------------------------- through aextract


def _empty_answer(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(200, json=empty_answer(json.loads(request.content)))


def run(text: str, **kwargs: Any) -> tuple[Extraction, list[httpx2.Request]]:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return _empty_answer(request)

    config = resolve_backend(
        base_url="http://model.invalid/v1", api_key="unused", model="m", env={}
    )

    async def go() -> Extraction:
        client = openai.AsyncOpenAI(
            api_key="unused",
            base_url="http://model.invalid/v1",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
            max_retries=0,
        )
        try:
            return await aextract(text, config=config, client=client, **kwargs)
        finally:
            await client.close()

    return asyncio.run(go()), seen


def test_a_relevant_article_is_read_by_the_model() -> None:
    result, seen = run(MOVE)
    assert result.meta.skipped is None
    assert len(seen) == result.meta.calls >= 1


def test_an_ai_article_without_a_move_keeps_its_quotes_and_makes_no_call() -> None:
    result, seen = run(NO_MOVE)
    assert seen == [] and result.meta.calls == 0
    assert result.meta.skipped == "no move or pay word in the article"
    assert [(q.speaker, q.text) for q in result.quotes] == [
        ("Anggita Rahmawati", "Kami ingin model ini dipakai guru di desa,")
    ]
    assert result.departures == [] and result.offers == []


def test_an_article_without_an_ai_term_has_no_record_and_makes_no_call() -> None:
    result, seen = run(NO_AI)
    assert seen == [] and result.meta.calls == 0
    assert result.meta.skipped == "no AI term or AI organisation in the article"
    assert result.quotes == [] and result.departures == [] and result.offers == []


def test_the_gate_switched_off_reads_every_article(monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = run(NO_AI, gate=False)
    assert result.meta.skipped is None and len(seen) >= 1
    monkeypatch.setenv("TALENT_EXTRACT_GATE", "0")
    result, seen = run(NO_MOVE)
    assert result.meta.skipped is None and len(seen) >= 1


def test_a_product_offer_or_a_share_price_alone_is_no_move_or_pay() -> None:
    # Weak cues (data/gate_id.json): common in product and market news, they count only in a
    # sentence that names working people.
    product = "Perusahaan AI Bentala Data menawarkan fitur baru untuk pelanggan. Saham perusahaan itu naik lima persen."
    gate = relevance(product)
    assert (
        not gate.relevant and gate.about_ai and gate.reason == "no move or pay word in the article"
    )
    talent = (
        "Perusahaan AI Bentala Data menawarkan paket menarik kepada peneliti dari Arunika Labs."
    )
    assert relevance(talent).relevant
    assert relevance("Peneliti AI Raditya Wicaksana bergabung dengan Arunika Labs.").relevant


# Telkom Indonesia is a known organisation, not an AI one: the story names no AI term.
BANK = """Direksi Telkom Indonesia Berganti

Telkom Indonesia kembali merombak jajaran direksinya pada Selasa, dan Telkom Indonesia menunjuk direktur baru.

Sebelumnya, salah satu direksi lainnya, Wulan Prameswari, juga mengundurkan diri dari Telkom Indonesia.

Telkom Indonesia belum menjelaskan alasan perombakan itu.
"""


def test_an_article_without_an_ai_term_keeps_no_record_code_reads_from_its_grammar() -> None:
    # Code would read "Wulan ... mengundurkan diri dari Telkom Indonesia" as a departure; the
    # article is out of scope, so the record is dropped and listed with the gate's reason.
    result, seen = run(BANK)
    assert seen == [] and result.departures == []
    gate = [d for d in result.meta.dropped if d.rule == "relevance_gate"]
    assert [d.value for d in gate] == ["Wulan Prameswari: Telkom Indonesia"]
    assert gate[0].reason == "no AI term or AI organisation in the article"
