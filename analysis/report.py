#!/usr/bin/python3
"""Write the HTML report of trustsim run files or a sweep directory (`trustsim report` runs this).

    /usr/bin/python3 analysis/report.py out/demo/infallible.h5 out/demo/humble.h5 -o report.html
"""

from __future__ import annotations

import sys
from pathlib import Path

# Make the package importable however the script is started (python3 analysis/report.py, ./...).
sys.path.insert(0, str(Path(__file__).resolve().parent))

NEEDED = ("numpy", "pandas", "h5py", "matplotlib", "scipy", "networkx", "yaml")


def missing_packages() -> list[str]:
    """The Python packages the report needs that this interpreter cannot import."""
    import importlib.util
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


if __name__ == "__main__":
    missing = missing_packages()
    if missing:
        print(f"error: the report needs the Python packages {', '.join(missing)}, which "
              f"{sys.executable} cannot import; install them with scripts/install-deps "
              "(Debian: python3-" + ", python3-".join(missing) + ")", file=sys.stderr)
        sys.exit(1)
    from trustsim_analysis.report.cli import main
    sys.exit(main())
