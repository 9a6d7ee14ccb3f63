"""sundtext.dask on a real local cluster: two worker processes on loopback.

Skipped when Dask is not installed (the ``dask`` extra).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import sundtext  # noqa: E402
import sundtext.dask  # noqa: E402
from sundtext.errors import SundtextTypeError, SundtextValueError  # noqa: E402
from sundtext.taxonomy import load_taxonomy  # noqa: E402

from .conftest import ROOT  # noqa: E402

SAMPLE = ROOT / "data" / "sample_corpus.jsonl"
CUSTOM = ROOT / "data" / "custom_taxonomy.toml"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    df = pd.read_json(SAMPLE, lines=True, dtype=False)[["id", "title", "text"]].head(60)
    # rows that cannot be tagged stay, in place, with a message
    df.loc[3, "text"] = None
    df.loc[7, "text"] = ""
    return df


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_exact=True)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"title": "title", "prefix": "sundtext_"},
        {"taxonomy": CUSTOM, "threshold": 0.3},
        {"clean": True},
    ],
    ids=["default", "title-prefix", "custom-taxonomy", "clean"],
)
def test_tag_on_a_cluster_equals_tag_frame(
    client: Any, articles: pd.DataFrame, options: dict[str, Any]
) -> None:
    ddf = dd.from_pandas(articles, npartitions=4)
    tagged = sundtext.dask.tag(ddf, "text", **options)
    got = tagged.compute(scheduler=client)
    want = sundtext.tag_frame(ddf.compute(), "text", **options)
    _same(got, want)
    # the meta dask was promised is what the partitions hold
    assert list(tagged.columns) == list(got.columns)
    assert tagged.dtypes.to_dict() == got.dtypes.to_dict()
    assert tagged.npartitions == 4


def test_meta_is_tag_frame_of_an_empty_frame(articles: pd.DataFrame) -> None:
    ddf = dd.from_pandas(articles, npartitions=2)
    tagged = sundtext.dask.tag(ddf, prefix="x_")
    empty = sundtext.tag_frame(ddf._meta, prefix="x_")
    assert tagged.dtypes.to_dict() == empty.dtypes.to_dict()
    tax = load_taxonomy()
    assert list(tagged.columns[-len(tax.themes) - 3 :]) == [
        "x_themes",
        "x_groups",
        *(f"x_score_{t}" for t in tax.themes),
        "x_error",
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda ddf: sundtext.dask.tag(ddf, "body"), SundtextValueError, "'body' is not in"),
        (lambda ddf: sundtext.dask.tag(ddf, threshold=2.0), SundtextValueError, "threshold"),
        (lambda ddf: sundtext.dask.tag(ddf.compute()), SundtextTypeError, "tag_frame"),
    ],
    ids=["missing-column", "bad-threshold", "pandas-frame"],
)
def test_bad_arguments_fail_before_any_work(
    articles: pd.DataFrame, call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call(dd.from_pandas(articles, npartitions=2))


def sundtext_tag(*args: str) -> subprocess.CompletedProcess[str]:
    """``sundtext tag ARGS`` through the real entry point."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-m", "sundtext.cli", "tag", *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_cli_dask_writes_what_sundtext_tag_writes(
    client: Any, articles: pd.DataFrame, tmp_path: Path, suffix: str
) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    source = tmp_path / "in.jsonl"
    articles.to_json(source, orient="records", lines=True, force_ascii=False)
    plain, on_cluster = tmp_path / "plain.csv", tmp_path / f"cluster{suffix}"
    done = sundtext_tag(str(source), "-o", str(plain), "--quiet")
    assert done.returncode == 0, done.stderr
    done = sundtext_tag(str(source), "-o", str(on_cluster), "--dask", client.scheduler.address)
    assert done.returncode == 0, done.stderr
    assert f"tagged {len(articles)} articles" in done.stdout and "errors: 1" in done.stdout
    want = sundtext.read_articles(plain)
    if suffix == ".parquet":
        got = pd.read_parquet(on_cluster)
        got["themes"] = got["themes"].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    else:
        got = sundtext.read_articles(on_cluster)
    assert got["id"].astype(str).tolist() == want["id"].astype(str).tolist()
    assert got["themes"].tolist() == want["themes"].tolist()
    assert got["error"].notna().tolist() == want["error"].notna().tolist()
    for column in [c for c in want.columns if c.startswith("score_")]:
        assert got[column].astype(float).tolist() == pytest.approx(
            want[column].astype(float).tolist(), nan_ok=True
        )


def test_cli_dask_refuses_options_it_cannot_honour(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ventelisterne vokser."}\n', encoding="utf-8")
    done = sundtext_tag(
        str(source), "-o", str(tmp_path / "o.csv"), "--dask", "tcp://x:1", "--resume"
    )
    assert done.returncode == 1
    assert "--resume cannot be combined with --dask" in done.stderr


def test_import_sundtext_does_not_import_dask() -> None:
    code = "import sys, sundtext; sys.exit('dask' in sys.modules or 'distributed' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
