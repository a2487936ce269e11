"""Strict inputs and honest messages (issue 14): every value a user types is read one way, and
every error is one line that says what, where and how to fix, never "unexpected"."""

from __future__ import annotations

import socket

import pytest
from assessment_factory import benchmark_dimensions, write_assessment
from helpers import one_error_line

from eggo_graph import server
from eggo_graph.cli import app
from eggo_graph.errors import EggoError, InputError, printable
from eggo_graph.ids import find_id, id_key
from eggo_graph.load import parse_file
from eggo_graph.scenarios import parse_setting


def _no_unexpected(result) -> str:
    line = one_error_line(result)
    assert "unexpected" not in line and "please report" not in line
    return line


# ---------------------------------------------------------------- inputs


@pytest.mark.parametrize("text", ["-1=50", "-5=50", "D-1=50", "1.5=50", "x=50"])
def test_set_takes_no_negative_or_odd_dimension(text):
    with pytest.raises(InputError, match="not a dimension code"):
        parse_setting(text)


@pytest.mark.parametrize("command", ["simulate", "report"])
def test_set_minus_one_is_refused(runner, command, tmp_path):
    out = ["--out", str(tmp_path / "r.html")] if command == "report" else []
    line = _no_unexpected(runner.invoke(app, [command, "--set", "-1=50", *out]))
    assert "-1" in line and "dimension code" in line
    assert list(tmp_path.iterdir()) == []


def test_set_accepts_a_d_prefix_in_any_case(runner):
    assert parse_setting("d13=100") == parse_setting("13=100")


def test_a_repeated_param_is_refused(runner):
    args = ["query", "benchmark-evidence", "--param", "code=6.4", "--param", "code=6.5"]
    _no_unexpected(runner.invoke(app, args))
    args = ["query", "benchmark-ratings", "-a", "UA-2018", "--param", "assessment=<urn:x>"]
    assert "bound twice" in _no_unexpected(runner.invoke(app, args))


def test_bands_file_without_bands_is_an_error(runner, tmp_path):
    empty = tmp_path / "bands.ttl"
    empty.write_text("")
    assert "no RDF statements" in _no_unexpected(
        runner.invoke(app, ["validate", "--bands", str(empty)])
    )
    other = tmp_path / "other.ttl"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n")
    line = _no_unexpected(runner.invoke(app, ["validate", "--bands", str(other)]))
    assert "--bands" in line and "no indicator bands" in line


@pytest.mark.parametrize("name, text", [("empty.ttl", ""), ("empty.jsonld", "[]"), ("e.nt", "\n")])
def test_data_without_statements_is_an_error(runner, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    line = _no_unexpected(runner.invoke(app, ["score", "--data", str(path)]))
    assert name in line and "no RDF statements" in line


def test_ids_match_in_any_case_everywhere(runner):
    def out(*args):
        result = runner.invoke(app, [*args, "--format", "csv"])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert out("simulate", "--adopt", "13.s1") == out("simulate", "--adopt", "13.S1")
    assert out("score", "--assessment", "ua-2018") == out("score", "--assessment", "UA-2018")
    assert out("deps", "sega") == out("deps", "SEGA")
    assert out("recommend", "--dimension", "d13") == out("recommend", "--dimension", "13")
    assert out("recommend", "--institution", "sega") == out("recommend", "--institution", "SEGA")
    assert id_key(" 13.s1 ") == id_key("13.S1") and find_id("ua-2018", ["UA-2018"]) == "UA-2018"


# ---------------------------------------------------------------- messages


def test_unknown_engine_is_a_user_error(runner):
    line = _no_unexpected(runner.invoke(app, ["validate", "--engine", "nonsense"]))
    assert "--engine" in line and "fast or pyshacl" in line


def test_serve_with_a_broken_file_is_one_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <urn:x#> .\n:a :b :c ;;; .\ngarbage\n")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = str(sock.getsockname()[1])
    sock.close()
    line = _no_unexpected(runner.invoke(app, ["serve", "--data", str(bad), "--port", port]))
    assert "bad.ttl:3" in line and "syntax error" in line


def test_serve_holds_its_port_from_the_check_to_the_start(monkeypatch):
    """Before: the port was checked, released, and taken again by uvicorn after the workers
    had started; anything that took it meanwhile made eggo exit with uvicorn's code 3."""
    seen = {}

    class Pool:
        def __init__(self, *args):
            probe = socket.socket()
            try:
                probe.bind(("127.0.0.1", seen["port"]))
                seen["free"] = True
            except OSError:
                seen["free"] = False
            finally:
                probe.close()
            raise EggoError("stop here")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        seen["port"] = s.getsockname()[1]
    monkeypatch.setattr(server, "WorkerPool", Pool)
    with pytest.raises(EggoError, match="stop here"):
        server.serve(server.ServeSettings(), "127.0.0.1", seen["port"])
    assert seen["free"] is False
    with socket.socket() as s:  # and released after
        s.bind(("127.0.0.1", seen["port"]))


def test_a_server_that_cannot_start_is_exit_2(runner, monkeypatch):
    class Pool:
        triples, graphs = 0, []

        def __init__(self, *args):
            pass

        def close(self):
            pass

    monkeypatch.setattr(server, "WorkerPool", Pool)
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: None)
    result = runner.invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 2  # not uvicorn's 3; the announcement came before the failure
    last = result.stderr.splitlines()[-1]
    assert last.startswith("eggo: error: ") and "could not start" in last


def test_a_huge_literal_names_the_file(tmp_path):
    path = tmp_path / "huge.nt"
    path.write_text('<urn:a> <urn:b> "' + "x" * (16 * 1024 * 1024 + 10) + '" .\n')
    with pytest.raises(InputError, match=r"huge\.nt: a literal, IRI or line is larger than"):
        parse_file(path)


def _entities(levels: int) -> str:
    ents = ['<!ENTITY e0 "lol">'] + [
        f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">'
        f"<ex:p>&e{levels};</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )


def test_an_entity_bomb_is_refused_and_modest_entities_load(tmp_path):
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(_entities(9))
    with pytest.raises(InputError, match="entity bomb"):
        parse_file(bomb)
    modest = tmp_path / "modest.rdf"
    modest.write_text(_entities(3))
    (quad,) = parse_file(modest).quads
    assert len(quad.object.value) == 3000


def test_files_for_one_graph_say_which_case_it_is(runner, tmp_path):
    ua = tmp_path / "ua.ttl"
    result = runner.invoke(app, ["export", "--format", "ttl", "--out", str(ua)])
    assert result.exit_code == 0
    md = write_assessment(tmp_path / "md.ttl", "MD", 2024, {"1.1": (1, 1)})
    md2 = tmp_path / "md-copy.ttl"
    md2.write_text(md.read_text())
    line = _no_unexpected(runner.invoke(app, ["score", "--data", str(md), "--data", str(md)]))
    assert "given twice" in line and "--no-embedded" not in line
    line = _no_unexpected(runner.invoke(app, ["score", "--data", str(md), "--data", str(md2)]))
    assert "already loaded from" in line and "--no-embedded" not in line


def test_adopt_without_recommendations_says_so(runner, tmp_path):
    codes = benchmark_dimensions()
    md = write_assessment(tmp_path / "md.ttl", "MD", 2024, dict.fromkeys(codes, (1, 2)))
    args = ["simulate", "--no-embedded", "--data", str(md), "--adopt", "13.S1"]
    line = _no_unexpected(runner.invoke(app, args))
    assert "no recommendations" in line and "e.g. ." not in line


def test_institution_errors_name_the_option(runner):
    line = _no_unexpected(runner.invoke(app, ["recommend", "--institution", "'; DROP"]))
    assert line.startswith("eggo: error: --institution:")


def test_compare_names_its_argument_not_an_option(runner):
    line = _no_unexpected(runner.invoke(app, ["compare", "UA-2018", "<http://evil>"]))
    assert "--assessment" not in line and line.startswith("eggo: error: B:")


@pytest.mark.parametrize(
    "text, says",
    [
        ("DELETE WHERE { ?s ?p ?o }", "DELETE is a SPARQL update; eggo runs only read queries"),
        ("PREFIX a: <urn:a#>\n# a comment\nINSERT DATA { a:b a:c a:d }", "INSERT is a SPARQL"),
        ("", "the query file is empty"),
        ("# only a comment\n", "the query file is empty"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "runs SELECT queries, not CONSTRUCT"),
    ],
)
def test_query_says_only_read_queries_run(runner, tmp_path, text, says):
    path = tmp_path / "q.rq"
    path.write_text(text)
    line = _no_unexpected(runner.invoke(app, ["query", str(path)]))
    assert says in line and "expected" not in line


def test_import_out_folder_and_the_suggested_command(runner, tmp_path):
    filled = tmp_path / "ua.csv"
    args = ["import", "--template", "--prefill", "-a", "UA-2018", "--out", str(filled)]
    assert runner.invoke(app, args).exit_code == 0
    line = _no_unexpected(
        runner.invoke(
            app, ["import", str(filled), "-c", "MD", "-y", "2024", "--out", str(tmp_path)]
        )
    )
    assert "is a directory" in line and "(nothing)" not in line
    out = tmp_path / "ua-2018.ttl"
    result = runner.invoke(
        app, ["import", str(filled), "-c", "UA", "-y", "2018", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # the suggestion ends its line (the lines after it list derived claims and notes)
    suggested = result.stdout.split("Score it with: eggo ", 1)[1].splitlines()[0].split()
    assert "--no-embedded" in suggested
    rerun = runner.invoke(app, [*suggested, "--format", "csv"])
    assert rerun.exit_code == 0, rerun.output


def test_control_characters_are_escaped(runner, tmp_path):
    garbage = tmp_path / "g.jsonld"
    garbage.write_bytes(b"\x01\x1b[31m{garbage")
    line = _no_unexpected(runner.invoke(app, ["score", "--data", str(garbage)]))
    assert "\\x01" in line and "\x01" not in line and "\x1b" not in line
    assert printable("a\nb\x1b") == "a\\nb\\x1b" and printable("ünï") == "ünï"
