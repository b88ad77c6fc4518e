"""SQL: hostile ids round-trip through the store, and no SQL in the package is ever formatted.

The static check parses every module of ``src/talent_extract`` with :mod:`ast`: the SQL of every
``.execute(``, ``.executemany(`` and ``.executescript(`` call must be a string literal, a
module-level constant bound to a string literal, or a parameter of the enclosing function that
every caller in the module fills with one of those (or ``None``). f-strings, ``%``, ``+`` and
``.format`` are refused, so values can only ever travel as ``?`` parameters.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from talent_extract import Article, Store, extract_many
from talent_extract.batch.store import _STORE_FORMAT, Failure
from tests.fakes import fake_config, fake_extraction

SRC = Path(__file__).resolve().parent.parent / "src" / "talent_extract"
SQL_METHODS = {"execute", "executemany", "executescript"}

HOSTILE_IDS = [
    "'); DROP TABLE results; --",
    "Robert'); DROP TABLE sources;--",
    '" OR "1"="1',
    "' OR 1=1 --",
    "a'b\"c`d",
    "x\x00y",
    "\x00",
    "; ATTACH DATABASE '/tmp/x.db' AS x; --",
    "?",
    "?1 :name @p $v",
    "%s %d {0} {}",
    "\\'\\\"\\\\",
    "_%",
    "line\nbreak\r\n\ttab",
    "名前 — “kutipan” 😀 \u202e",
    "https://contoh.id/berita?id=1&x='2'",
    "k" * 10_000,
]


# --------------------------------------------------------------------------- round trips


def test_hostile_ids_and_messages_round_trip_through_the_store(tmp_path: Path) -> None:
    config = fake_config()
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        for n, ident in enumerate(HOSTILE_IDS):
            text = f"Artikel {n}: {ident}"
            key = store.key_for(text, config)
            if n % 2:
                store.put_ok(key, ident, fake_extraction(Article(text=text, id=ident), config))
            else:
                store.put_failure(key, ident, Failure("InputError", f"pesan {ident}", 1))
            store.add_source(ident + "'", key.text_hash)  # a second, also hostile, source
        assert store.count() == {
            "ok": len(HOSTILE_IDS) // 2,
            "failed": len(HOSTILE_IDS) - len(HOSTILE_IDS) // 2,
            "sources": 2 * len(HOSTILE_IDS),
        }
        for n, ident in enumerate(HOSTILE_IDS):
            (got,) = store.by_source(ident)
            assert got == store.by_source(ident + "'")[0]
            if n % 2:
                assert got.extraction is not None and got.extraction.article_id == ident
                assert got.extraction.text == f"Artikel {n}: {ident}"
            else:
                assert got.failure == Failure("InputError", f"pesan {ident}", 1)
        assert store.by_source("' OR '1'='1") == []
    # The tables are all still there, whole.
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"results", "sources", "sources_by_hash"} <= tables
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == _STORE_FORMAT


def test_hostile_ids_through_a_batch(tmp_path: Path) -> None:
    async def extractor(article: Article, config: object) -> object:
        return fake_extraction(article, fake_config())

    articles = [Article(text=f"Teks {n}", id=ident) for n, ident in enumerate(HOSTILE_IDS)]
    with Store(tmp_path / "s.sqlite3") as store:
        results = list(
            extract_many(articles, config=fake_config(), store=store, extractor=extractor)  # type: ignore[arg-type]
        )
        assert sorted(r.article_id or "" for r in results) == sorted(HOSTILE_IDS)
        for n, ident in enumerate(HOSTILE_IDS):
            (got,) = store.by_source(ident)
            assert got.extraction is not None and got.extraction.text == f"Teks {n}"


# --------------------------------------------------------------------------- static check


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    out: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                out[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            out[node.target.id] = node.value
    return out


def _literal(node: ast.expr | None, constants: dict[str, ast.expr]) -> bool:
    """A string literal, or a module constant bound to one (``None`` is no SQL at all)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) or node.value is None
    if isinstance(node, ast.Name) and node.id in constants:
        value = constants[node.id]
        return isinstance(value, ast.Constant) and isinstance(value.value, str)
    return False


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _enclosing_function(
    node: ast.AST, parents: dict[ast.AST, ast.AST]
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _callers_pass_literals(
    tree: ast.Module, function: ast.FunctionDef | ast.AsyncFunctionDef, param: str
) -> list[str]:
    """Problems with what the module's calls of ``function`` pass as ``param``."""
    params = [a.arg for a in function.args.args]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    index = params.index(param)
    constants = _module_constants(tree)
    problems: list[str] = []
    calls = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name != function.name:
            continue
        calls += 1
        given = next((k.value for k in node.keywords if k.arg == param), None)
        if given is None and index < len(node.args):
            given = node.args[index]
        if not _literal(given, constants):
            shown = ast.unparse(given) if given is not None else "nothing"
            problems.append(f"line {node.lineno}: {function.name}() is given {shown}")
    if calls == 0:
        problems.append(f"{function.name}() takes SQL in {param!r} but is never called here")
    return problems


def sql_problems(source: str, filename: str = "<src>") -> list[str]:
    """Every SQL-executing call whose statement is not a literal, as ``file:line: why``."""
    tree = ast.parse(source, filename)
    constants = _module_constants(tree)
    parents = _parents(tree)
    problems: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SQL_METHODS or not node.args:
            continue
        sql = node.args[0]
        where = f"{filename}:{node.lineno}"
        if _literal(sql, constants):
            continue
        function = _enclosing_function(node, parents)
        if (
            isinstance(sql, ast.Name)
            and function is not None
            and sql.id in [a.arg for a in function.args.args]
        ):
            problems += [f"{where}: {p}" for p in _callers_pass_literals(tree, function, sql.id)]
            continue
        problems.append(f"{where}: SQL is {type(sql).__name__} {ast.unparse(sql)!r}, not a literal")
    return problems


def test_every_sql_statement_in_the_package_is_a_literal() -> None:
    files = sorted(SRC.rglob("*.py"))
    checked = 0
    problems: list[str] = []
    for path in files:
        source = path.read_text("utf-8")
        problems += sql_problems(source, path.name)
        checked += source.count(".execute(") + source.count(".executemany(")
    assert checked >= 10  # the store's statements were actually seen
    assert problems == []


@pytest.mark.parametrize(
    "snippet",
    [
        'conn.execute(f"SELECT * FROM t WHERE id = {x}")',
        'conn.execute("SELECT * FROM t WHERE id = " + x)',
        'conn.execute("SELECT * FROM t WHERE id = %s" % x)',
        'conn.execute("SELECT * FROM t WHERE id = {}".format(x))',
        'Q = "SELECT " + COLS\nconn.execute(Q)',
        'Q = f"SELECT {COLS}"\nconn.executemany(Q, rows)',
        'def run(sql):\n    conn.execute(sql)\nrun(f"DROP TABLE {name}")',
        "def run(sql):\n    conn.execute(sql)",
        "conn.execute(query_from_somewhere())",
    ],
)
def test_the_static_check_catches_formatted_sql(snippet: str) -> None:
    assert sql_problems(snippet)


def test_the_static_check_accepts_literals_and_constants() -> None:
    ok = (
        'Q = "SELECT * FROM t WHERE id = ?"\n'
        "conn.execute(Q, (x,))\n"
        'conn.execute("PRAGMA journal_mode=WAL")\n'
        "def run(sql, params):\n    conn.execute(sql, params)\n"
        "run(Q, (1,))\nrun(None, ())\n"
    )
    assert sql_problems(ok) == []
