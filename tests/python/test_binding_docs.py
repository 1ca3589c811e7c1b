"""Every code block of docs/python.md and docs/explorer.md runs as written, from the checkout,
with the module built next to the binary under test on PYTHONPATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from test_analysis_docs import PYTHON, code_blocks
from trustsim_cli import BIN, ROOT

MODULE_DIR = Path(BIN).resolve().parent / "python"
DOCS = [ROOT / "docs" / "python.md", ROOT / "docs" / "explorer.md"]
BLOCKS = [(doc, line, language, code) for doc in DOCS for line, language, code in code_blocks(doc)]


@pytest.mark.parametrize("doc, line, language, code", BLOCKS,
                         ids=[f"{doc.name}:{line}" for doc, line, _, _ in BLOCKS])
def test_doc_block_runs(doc, line, language, code):
    env = dict(os.environ, PYTHONPATH=f"{MODULE_DIR}:{ROOT / 'analysis'}")
    if language == "python":
        args = [PYTHON, "-c", code]
    else:
        script = code.replace("build/release/trustsim", BIN).replace("build/release/python", str(MODULE_DIR))
        args = ["bash", "-c", "set -euo pipefail\n" + script]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{doc.name}:{line} failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_docs_have_blocks():
    assert {doc.name for doc, *_ in BLOCKS} == {"python.md", "explorer.md"}
