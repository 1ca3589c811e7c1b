#!/usr/bin/python3
"""Calibrate trustsim's free parameters against the stylised facts F1–F3 (docs/CALIBRATION.md).

Simulated method of moments in four steps:

  1. run the sweep (a Latin hypercube over the free parameters, each run writing its run file)
     with `trustsim sweep SWEEP -o DIR --resume`, which finishes an interrupted sweep, returns
     at once on a complete one and refuses a DIR that holds a different sweep;
  2. measure each run's moments (F3's correlations, ordering margin, team correlation and
     turnover; F1's skewness and fall/rise times; F2(a) reciprocity), cached in DIR/moments.csv;
  3. fit one quadratic surrogate per moment and minimise the objective
     Q = sum_k w_k p_k^2 (p_k = a moment's miss in units of its band's half-width) inside the box,
     plus a weak pull toward the spec's values (--anchor-weight), then bootstrap over
     design points for the fitted values' uncertainty;
  4. with --refine N, run a second Latin hypercube of N points (same replicates) in a box of
     +-15 % of each range around that fit, in DIR/refine-1, and fit again there: a quadratic is
     accurate locally, and the second fit no longer extrapolates into the global box's corners;
     --rounds R repeats this R times, each box centred on the previous round's fit;
  5. with --confirm N, re-run the scenario with the spec's values of the fitted parameters and
     at the fitted point on N seeds each and print their measured moments side by side.

It prints the fitted values and writes them, with their uncertainty, the predicted and confirmed
moments and the objective, to DIR/calibrated.json (or --write FILE).

Examples:
  /usr/bin/python3 analysis/calibrate.py configs/sweeps/calibration.yaml -o out/calibration
  /usr/bin/python3 analysis/calibrate.py configs/sweeps/calibration.yaml -o out/calibration \\
      --refine 60 --rounds 3 --confirm 10
  # what the free parameters alone can do, without the person-level terms:
  /usr/bin/python3 analysis/calibrate.py configs/sweeps/calibration.yaml -o out/calibration \\
      --fix sigma_d=0 --fix sigma_o=0 --write out/calibration/without-person-terms.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="calibrate.py", description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", type=Path, help="the sweep file (configs/sweeps/calibration.yaml); "
                        "its factors are the parameters to fit, each with a range")
    parser.add_argument("-o", "--dir", type=Path, default=None,
                        help="sweep directory (default: out/<sweep name>); a second call resumes or reuses it")
    parser.add_argument("--bin", default=os.environ.get("TRUSTSIM_BIN",
                                                        str(ROOT / "build" / "release" / "trustsim")),
                        help="the trustsim executable (default: $TRUSTSIM_BIN or build/release/trustsim)")
    parser.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes measuring moments and running --confirm runs (default: "
                             "cores, at most 2)")
    parser.add_argument("--bootstrap", type=int, default=100,
                        help="bootstrap resamples of the design points (default 100; 0 = none)")
    parser.add_argument("--anchor-weight", type=float, default=None,
                        help="weight of the pull toward the spec's values per unit "
                             "coordinate squared (default 0.1; 0 = none: the fit is then one of "
                             "many equally good points)")
    parser.add_argument("--refine", type=int, default=0, metavar="POINTS",
                        help="after the global fit, a local Latin hypercube of POINTS points "
                             "around it (in DIR/refine), fitted again (default 0: skip)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="local refinement rounds with --refine (default 1)")
    parser.add_argument("--fix", action="append", default=[], metavar="NAME=VALUE",
                        help="hold a factor (by its name in the sweep file) at a value while "
                             "fitting the others; repeatable")
    parser.add_argument("--confirm", type=int, default=0, metavar="SEEDS",
                        help="re-run the scenario with the spec's values and at the fitted point "
                             "on seeds 1..SEEDS and report their measured moments (default 0: skip)")
    parser.add_argument("--write", type=Path, default=None,
                        help="where to write the result (default DIR/calibrated.json)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


class Progress:
    """One stderr line per step, redrawn in place on a terminal, at most every 5 s otherwise."""

    def __init__(self, quiet: bool):
        self.quiet, self.tty, self.last = quiet, sys.stderr.isatty(), 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if done < total and not self.tty and now - self.last < 5:
            return
        self.last = now
        end = "\n" if done == total or not self.tty else ""
        print(f"\r{what}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def run_sweep(args, sweep_file: Path, directory: Path) -> None:
    """Runs or finishes the sweep in DIR. Always through the runner, even when DIR looks
    complete: it refuses a directory that holds another sweep (a refinement box placed by an
    earlier fit, an edited sweep file), whose runs would otherwise be fitted as this one's."""
    command = [args.bin, "sweep", str(sweep_file), "-o", str(directory), "--resume"]
    if args.quiet:
        command.append("-q")
    print("running: " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.DEVNULL)
    if result.returncode != 0:
        fail(f"the sweep in {directory} stopped with exit code {result.returncode} (see its "
             "message above); a directory that holds a different sweep must be removed, or "
             "another -o given")


def _moments_of(path: str) -> dict:
    from trustsim_analysis import calibration
    try:
        return calibration.run_moments(path)
    except Exception as err:  # a failed run's file is missing or incomplete: report, skip it
        return {"error": f"{path}: {err}"}


def measure(paths: list[Path], jobs: int, progress, what: str) -> list[dict]:
    """The moments of each run file, `jobs` at a time, in order."""
    out = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for i, row in enumerate(pool.map(_moments_of, map(str, paths)), 1):
            out.append(row)
            progress(what, i, len(paths))
    for row in out:
        if "error" in row:
            print(f"warning: moments not measured: {row['error']}", file=sys.stderr)
    return out


def sweep_moments(sweep, directory: Path, jobs: int, progress):
    """DIR/moments.csv, measured for the runs it does not hold yet."""
    import pandas as pd
    from trustsim_analysis.calibration import MOMENT_NAMES

    cache = directory / "moments.csv"
    # round_trip: the default parser can change a value's last bits, and a second call on
    # the same DIR must fit exactly what the first fitted.
    table = (pd.read_csv(cache, index_col="run", float_precision="round_trip")
             if cache.exists() else pd.DataFrame())
    unmeasured = [r for r in sweep.ok.index if r not in table.index]
    if unmeasured and not sweep.has_run_files():
        fail(f"{directory}: the sweep has no run files to measure; its sweep file needs "
             "`output: {run_files: true}`")
    if unmeasured:
        rows = measure([sweep.run_file(r) for r in unmeasured], jobs, progress, "measuring moments")
        new = pd.DataFrame([r for r in rows if "error" not in r],
                           index=pd.Index([r for r, row in zip(unmeasured, rows) if "error" not in row],
                                          name="run"))
        table = pd.concat([table, new]).sort_index()
        table.to_csv(cache)
    return table[list(MOMENT_NAMES)]


def spec_values(args, spec, paths: list[str]) -> dict[str, float]:
    """The spec's values of `paths` (calibration.SPEC_VALUES); a parameter the spec gives no value
    takes the one the sweep's scenario (with its `set:`) gives it, read from the configuration a
    one-week run records. Not the scenario's own values throughout: once the defaults are the
    calibrated ones, the calibration must still anchor to, and compare with, the spec."""
    from trustsim_analysis.calibration import SPEC_VALUES
    if all(p in SPEC_VALUES for p in paths):
        return {p: SPEC_VALUES[p] for p in paths}
    from trustsim_analysis.runset import flatten_config
    import h5py

    scenario = (args.sweep.parent / spec["scenario"]).resolve()
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        path = Path(tmp) / "defaults.h5"
        command = [args.bin, "run", str(scenario), "-o", str(path), "-q", "--set", "steps=1"]
        for k, v in (spec.get("set") or {}).items():
            command += ["--set", f"{k}={v}"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"could not run {scenario} to read its values: {result.stderr.strip()}")
        with h5py.File(path, "r") as f:
            text = f.attrs["config_yaml"]
        config = flatten_config(text.decode() if isinstance(text, bytes) else text)
    return {p: SPEC_VALUES.get(p, float(config[p])) for p in paths}


def refined_sweep(spec: dict, factors, fitted: dict, points: int, directory: Path,
                  scenario: Path, round_number: int) -> Path:
    """A sweep file for the local design: each factor's range shrunk to +-15 % of its width
    around the fitted value (inside the original range), POINTS Latin hypercube points."""
    import yaml

    local = dict(spec, name=f"{spec.get('name', 'calibration')}-refine-{round_number}",
                 scenario=str(scenario), seed=int(spec.get("seed", 1)) + round_number)
    local["design"] = {"type": "lhs", "samples": points}
    local["factors"] = []
    for f, entry in zip(factors, spec["factors"]):
        half = 0.15 * (f.hi - f.lo)
        lo, hi = max(f.lo, fitted[f.path] - half), min(f.hi, fitted[f.path] + half)
        local["factors"].append(dict(entry, range=[float(lo), float(hi)],
                                     distribution="uniform"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"refine-{round_number}.yaml"
    path.write_text(yaml.safe_dump(local, sort_keys=False))
    return path


def confirm(args, spec, before: dict, fitted: dict, progress) -> dict:
    """Runs the sweep's scenario (with its `set:` values) on seeds 1..N with the `before` values
    (the spec's) and with the fitted values; returns {"before": {moment: [values]}, "after": ...}."""
    scenario = (args.sweep.parent / spec["scenario"]).resolve()
    fixed = [f"{k}={v}" for k, v in (spec.get("set") or {}).items()]
    arms = {"before": fixed + [f"{k}={v!r}" for k, v in before.items()],
            "after": fixed + [f"{k}={v!r}" for k, v in fitted.items()]}
    out = {}
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        for arm, sets in arms.items():
            paths = []

            def one(seed, sets=sets, arm=arm):
                path = Path(tmp) / f"{arm}-{seed}.h5"
                command = [args.bin, "run", str(scenario), "-o", str(path), "-q", "-t", "1",
                           "--set", f"seed={seed}"]
                for s in sets:
                    command += ["--set", s]
                subprocess.run(command, check=True, capture_output=True, text=True)
                return path

            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                for i, path in enumerate(pool.map(one, range(1, args.confirm + 1)), 1):
                    paths.append(path)
                    progress(f"confirm: running {arm}", i, args.confirm)
            rows = measure(paths, args.jobs, progress, f"confirm: measuring {arm}")
            out[arm] = {k: [row[k] for row in rows if "error" not in row]
                        for k in rows[0] if k != "error"}
    return out


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import numpy as np
    import yaml
    from trustsim_analysis import calibration
    from trustsim_analysis.sweep import open_sweep

    if not args.sweep.is_file():
        fail(f"{args.sweep}: no such sweep file")
    spec = yaml.safe_load(args.sweep.read_text())
    try:
        factors = calibration.factors_of(spec)
    except ValueError as err:
        fail(f"{args.sweep}: {err}")
    fixed = {}
    for item in args.fix:
        name, _, value = item.partition("=")
        try:
            fixed[name] = float(value)
        except ValueError:
            fail(f"--fix {item}: expected NAME=NUMBER")
    try:
        calibration.fixed_coordinates(factors, fixed)
    except ValueError as err:
        fail(f"{args.sweep}: {err}")
    directory = args.dir or Path("out") / spec.get("name", args.sweep.stem)
    progress = Progress(args.quiet)
    started = time.monotonic()

    anchor_weight = calibration.ANCHOR_WEIGHT if args.anchor_weight is None else args.anchor_weight
    anchor = spec_values(args, spec, [f.path for f in factors])

    def calibrate(sweep_file: Path, sweep_dir: Path, stage_factors, bootstrap: int):
        run_sweep(args, sweep_file, sweep_dir)
        sweep = open_sweep(sweep_dir)
        moments = sweep_moments(sweep, sweep_dir, args.jobs, progress)
        design = sweep.manifest.loc[moments.index]
        try:
            return moments, design, calibration.fit(
                stage_factors, design, moments, bootstrap=bootstrap, fixed=fixed,
                anchor={f.name: anchor[f.path] for f in stage_factors},
                anchor_weight=anchor_weight, progress=lambda d, t: progress("bootstrap", d, t))
        except ValueError as err:
            fail(str(err))

    # With --refine the global fit only places the local box: its bootstrap would be wasted.
    rounds = args.rounds if args.refine else 0
    moments, design, result = calibrate(args.sweep, directory, factors,
                                        0 if rounds else args.bootstrap)
    stages = {"global": result}
    scenario = (args.sweep.parent / spec["scenario"]).resolve()
    for n in range(1, rounds + 1):
        local_file = refined_sweep(spec, calibration.factors_of(spec), result.values, args.refine,
                                   directory, scenario, n)
        factors = calibration.factors_of(yaml.safe_load(local_file.read_text()))
        print(f"fit: Q = {result.objective:.3f} on the surrogate; refinement round {n} in "
              f"{directory / f'refine-{n}'}", file=sys.stderr)
        moments, design, result = calibrate(local_file, directory / f"refine-{n}", factors,
                                            args.bootstrap if n == rounds else 0)
        stages[f"refine-{n}"] = result

    table = result.summary()
    print(f"calibrated {len(factors) - len(fixed)} parameters on {len(moments)} runs "
          f"({design['point'].nunique()} points) of {args.sweep}"
          + (f", holding {', '.join(f'{k}={v}' for k, v in fixed.items())}" if fixed else ""))
    print(table.to_string(float_format=lambda v: f"{v:.4g}"))
    print(f"\nobjective Q at the fit (surrogate): {result.objective:.3f}")
    print("moment                       target   predicted   surrogate R^2")
    for m in calibration.MOMENTS:
        print(f"{m.name:<28} {m.target:>7.3f}   {result.predicted[m.name]:>9.3f}   "
              f"{result.surrogate.r2[m.name]:>6.2f}")

    output = {
        "sweep": str(args.sweep), "directory": str(directory), "runs": int(len(moments)),
        "fixed": fixed, "anchor": anchor, "anchor_weight": anchor_weight,
        "objective_surrogate": result.objective,
        "stages": {name: {"objective_surrogate": r.objective, "values": r.values}
                   for name, r in stages.items()},
        "parameters": {p: {k: (None if not np.isfinite(v) else float(v)) for k, v in row.items()}
                       for p, row in table.to_dict("index").items()},
        "predicted_moments": {k: (v if np.isfinite(v) else None) for k, v in result.predicted.items()},
        "surrogate_r2": {k: (v if np.isfinite(v) else None) for k, v in result.surrogate.r2.items()},
        "targets": {m.name: {"target": m.target, "scale": m.scale, "kind": m.kind,
                             "weight": m.weight, "source": m.source} for m in calibration.MOMENTS},
    }
    if args.confirm:
        measured = confirm(args, spec, anchor, result.values, progress)
        print(f"\nconfirmation on seeds 1-{args.confirm}: mean (sd over seeds)")
        print(f"{'moment':<28} {'target':>7}   {'spec values':>15}   {'calibrated':>15}")
        for m in calibration.MOMENTS:
            cells = []
            for arm in ("before", "after"):
                v = np.array(measured[arm][m.name], float)
                cells.append(f"{np.nanmean(v):7.3f} ({np.nanstd(v):.3f})")
            print(f"{m.name:<28} {m.target:>7.3f}   {cells[0]:>15}   {cells[1]:>15}")
        summary = {arm: {k: float(np.nanmean(v)) for k, v in values.items()}
                   for arm, values in measured.items()}
        for arm in ("before", "after"):
            print(f"objective Q, {arm}: {calibration.objective(summary[arm]):.3f}")
        output["confirmation"] = {"seeds": args.confirm, "mean": summary,
                                  "objective": {arm: calibration.objective(summary[arm])
                                                for arm in summary},
                                  "runs": measured}
    target = args.write or directory / "calibrated.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(output, indent=2, default=float) + "\n")
    print(f"\nwrote {target} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
