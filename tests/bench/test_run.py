"""``bench/run.py`` without measuring anything slow: the spread and the verdict of a row, ratio
rows, choosing groups with ``--only``, a group that is skipped or fails, and the browser round
trip's rows taken from a stand-in for ``bench/roundtrip.py``. No figure here is a timing."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def load_run() -> ModuleType:
    """``bench/run.py`` as a module (the bench folder is no package)."""
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


run = load_run()

# Nineteen quick runs and one slow one: the median stays low, the p95 does not.
SAMPLES = (10.0,) * 19 + (100.0,)


def test_a_row_reports_median_p95_and_runs() -> None:
    row = run.Row("r", SAMPLES)
    assert row.runs == len(SAMPLES)
    assert row.median == min(SAMPLES)
    assert row.median < row.p95 < max(SAMPLES)


def test_a_single_measurement_has_no_p95() -> None:
    row = run.Row("once", (42.0,))
    assert (row.runs, row.median, row.p95) == (1, 42.0, None)
    assert run.Row("once", (42.0,), limit=50, on_p95=True).met is True


def test_a_limit_applies_to_the_median_or_to_the_p95() -> None:
    between = (run.Row("r", SAMPLES).median + run.Row("r", SAMPLES).p95) / 2
    assert run.Row("r", SAMPLES, limit=between).met is True
    assert run.Row("r", SAMPLES, limit=between, on_p95=True).met is False


def test_a_row_without_target_is_neither_met_nor_missed() -> None:
    assert run.Row("r", SAMPLES).met is None
    assert "MISS" not in run.table([run.Row("r", SAMPLES)])[1]


def test_a_failed_check_misses_even_within_the_limit() -> None:
    row = run.Row("bomb", (1.0,), limit=5000, checks=(("peak < 300 MB", False),))
    assert row.met is False
    assert run.table([row])[1].split()[-1] == "MISS"


def test_a_ratio_divides_the_medians_and_is_one_figure() -> None:
    top, bottom = run.Row("top", (30.0, 31.0, 35.0)), run.Row("bottom", (10.0, 9.0, 11.0))
    row = run.ratio("ratio: top / bottom (x100)", top, bottom, 2)
    assert row.median == 100 * top.median / bottom.median
    assert (row.runs, row.p95, row.limit) == (1, None, 200)
    assert row.met is (top.median < 2 * bottom.median)
    assert row.as_json()["of"] == ["top", "bottom"]
    assert "samples_ms" not in row.as_json()


def test_a_ratio_for_context_has_a_figure_and_no_verdict() -> None:
    top, bottom = run.Row("top", (30.0,)), run.Row("bottom", (10.0,))
    row = run.ratio("ratio: floor / bottom (x100)", top, bottom, None)
    assert row.median == 300
    assert (row.limit, row.met) == (None, None)
    assert run.table([row])[1].split()[-1] != "MISS"


def test_only_chooses_groups_by_function_name_or_row_name() -> None:
    def chosen(text: str) -> list[str]:
        return [g.__name__ for g in run.GROUPS if text.lower() in run.words_of(g)]

    assert chosen("measure_rollup") == ["measure_rollup"]
    assert chosen("NBCONVERT --to html") == ["measure_export_commands"]
    assert chosen("XLSX bomb refused") == ["measure_bombs"]
    assert chosen("") == [g.__name__ for g in run.GROUPS]


def test_only_matching_nothing_names_the_groups_and_measures_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "results.json"
    assert run.main(["--only", "no such row", "--output", str(output)]) == 2
    assert "measure_rollup" in capsys.readouterr().err
    assert not output.exists()


def test_a_skipped_or_failing_group_leaves_the_others_rows(tmp_path: Path) -> None:
    def skipped(inputs: object) -> list[object]:
        raise run.Skipped("nothing to measure here")

    def failing(inputs: object) -> list[object]:
        raise RuntimeError("broken")

    def working(inputs: object) -> list[object]:
        return [run.Row("kept", (1.0, 2.0), "< 5", 5)]

    rows, skipped_reasons, failed = run.run_groups([skipped, failing, working], tmp_path)
    assert [row.name for row in rows] == ["kept"]
    assert skipped_reasons == ["nothing to measure here"]
    assert failed == ["failing"]
    written = run.results({"commit": "abc"}, rows, skipped_reasons, failed)
    assert written["header"]["failed"] == ["failing"]
    assert written["rows"]["kept"]["met"] is True
    json.dumps(written)  # the results file holds plain JSON


def test_the_round_trip_is_skipped_without_its_module_or_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "ROUNDTRIP", tmp_path / "roundtrip.py")
    with pytest.raises(run.Skipped, match="roundtrip.py"):
        run.measure_roundtrip(run.Inputs(tmp_path))
    (tmp_path / "roundtrip.py").write_text("def measure():\n    return []\n")
    monkeypatch.setattr(run, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(run.Skipped, match="no-chromium"):
        run.measure_roundtrip(run.Inputs(tmp_path))


def test_the_round_trip_rows_are_checked_on_their_p95(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_p95 = run.Row("r", SAMPLES).p95
    stand_in = tmp_path / "roundtrip.py"
    stand_in.write_text(
        "def measure():\n"
        f"    samples = {list(SAMPLES)!r}\n"
        f"    return [('typed', samples, 'p95 < 50', {slow_p95 + 1!r}),\n"
        f"            ('typed, tight', samples, 'p95 < 12', {slow_p95 - 1!r}),\n"
        "            ('untargeted', samples, '', None)]\n"
    )
    monkeypatch.setattr(run, "ROUNDTRIP", stand_in)
    monkeypatch.setattr(run, "CHROMIUM", Path(sys.executable))  # any file that exists
    monkeypatch.setitem(sys.modules, "roundtrip", ModuleType("roundtrip"))  # gone afterwards
    rows = run.measure_roundtrip(run.Inputs(tmp_path))
    assert [(row.name, row.runs, row.met) for row in rows] == [
        ("typed", len(SAMPLES), True),
        ("typed, tight", len(SAMPLES), False),
        ("untargeted", len(SAMPLES), None),
    ]
    assert rows[0].limit_text().startswith("p95 < ")


def test_a_repeated_row_name_is_numbered_not_lost() -> None:
    rows = run.unique([run.Row("same", (1.0,)), run.Row("same", (2.0,)), run.Row("other", (3.0,))])
    assert [row.name for row in rows] == ["same", "same [2]", "other"]
    assert [row.median for row in rows] == [1.0, 2.0, 3.0]


def test_a_row_with_nothing_measured_misses_its_target_and_is_still_written() -> None:
    empty = run.Row("step that never answered", (), "p95 < 100", 100, on_p95=True)
    assert (empty.runs, empty.median, empty.p95, empty.met) == (0, None, None, False)
    assert " MISS " in run.table([empty])[1]
    assert json.loads(json.dumps(empty.as_json()))["median_ms"] is None
    assert run.Row("untargeted", ()).met is None
    assert run.ratio("ratio: empty / any (x100)", empty, run.Row("any", (1.0,)), 2).met is False
