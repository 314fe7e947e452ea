"""notebooks/explore.ipynb runs top to bottom offline against the real models and draws its plots."""
import os

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"


def test_notebook_runs_and_plots():
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    os.environ["HF_HUB_OFFLINE"] = "1"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    ARTIFACTS.mkdir(exist_ok=True)
    nbformat.write(nb, ARTIFACTS / "explore.executed.ipynb")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # scatter, histogram, topics, graph
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("contradiction(s) among" in h and "<table" in h for h in html)  # the report's own rich display
