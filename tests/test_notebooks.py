"""The notebooks in notebooks/ run top to bottom, offline, on the bundled data.

They are executed with nbclient in a kernel of this Python (``kernel_name="python3"`` is
ipykernel's own kernel, which jupyter_client starts with ``sys.executable``), so examples in the
notebooks cannot rot. The committed notebooks carry no outputs.
"""

from __future__ import annotations

import os

import pytest

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))

# what each notebook must show: (figures, HTML outputs) at least
EXPECTED = {
    "01-quickstart.ipynb": (0, 2),
    "02-batch-classification.ipynb": (4, 2),
    "03-discovery-and-lexicon-gaps.ipynb": (0, 3),
    "04-training-and-evaluation.ipynb": (0, 5),
}


def test_the_documented_notebooks_are_there() -> None:
    assert sorted(EXPECTED) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{name} has outputs; clear them before committing"
            )


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the kernel imports sundtext from this checkout, installed or not
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws PNGs
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    figures = sum("image/png" in out.get("data", {}) for out in outputs)
    tables = sum("text/html" in out.get("data", {}) for out in outputs)
    min_figures, min_tables = EXPECTED[name]
    assert figures >= min_figures and tables >= min_tables, (figures, tables)
    streams = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "Traceback" not in streams
