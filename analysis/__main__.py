"""The command line, ``news-analysis`` (or ``python -m analysis``): ``report`` and ``validate`` (see :data:`DESCRIPTION`)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import yaml

from analysis import config
from analysis.parameters import DEFAULT_PARAMS, check_parameters, load_params

MISSION = ["icc_warrant", "trade", "military_cooperation"]

# Exit codes, as --help says.
OK, FAILED, USAGE, BUSY = 0, 1, 2, 3
DESCRIPTION = """Turn a folder of news articles into tables, executed notebooks and an offline HTML report.

  report     compute the tables, run every notebook into reports/<configuration>/<time>/,
             and publish it as reports/<configuration>/latest
  validate   check the theme codebook against a reader's labels (sample, report, apply)

Run "news-analysis report --help" for the options of a command."""
EPILOG = """exit codes:
  0  the command did what it was asked
  1  the run failed (the pipeline, a notebook, publishing, a full or read-only disk);
     its folder is kept and the published report (latest) is left as it was
  2  a bad command line, configuration or parameter: nothing ran
  3  another report of the same configuration is running and --no-wait was given: nothing ran
     (without --no-wait, the command waits for it to finish)"""


def _program() -> str:
    return "news-analysis" if Path(sys.argv[0]).name == "news-analysis" else "python -m analysis"


def main(argv: list[str] | None = None) -> int:
    from analysis import __version__

    plain = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=_program(), description=DESCRIPTION, epilog=EPILOG, formatter_class=plain)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser(
        "report",
        help="run every notebook into a new run folder and publish it as reports/<configuration>/latest",
        description="Compute the tables, run every notebook into a new run folder, and publish it as latest.",
        epilog=EPILOG,
        formatter_class=plain,
    )
    rep.add_argument(
        "--params", default=DEFAULT_PARAMS, help="run configuration: a name in notebooks/params/ or a YAML path (default: %(default)s)"
    )
    rep.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("KEY", "VALUE"),
        help="override one parameter; VALUE is read as YAML (2, true, [seeds])",
    )
    rep.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for the per-article work and notebooks run side by side (default: one per core)",
    )
    rep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the per-article work on an existing Dask cluster (tcp://host:8786), or 'synchronous' for this "
        "process only; default: $NEWS_ANALYSIS_SCHEDULER, else a local cluster for large corpora",
    )
    rep.add_argument("--no-cache", action="store_true", help="compute every table and run every notebook again, without the cache")
    rep.add_argument(
        "--reports", default=None, metavar="DIR", help="the folder for run folders and latest (default: reports/ in the project)"
    )
    rep.add_argument(
        "--no-wait",
        action="store_true",
        help="when another report of the same configuration is running, exit at once with code 3 instead of waiting for it",
    )
    rep.add_argument(
        "--quiet",
        action="store_true",
        help="print nothing unless something fails (for cron); without it, one line "
        "per step and a summary, with progress bars only on a terminal",
    )
    add_validate_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "validate":
        from analysis import validate_cli

        return validate_cli.main(args)

    # Warnings and errors only: what a run does is said by one line per step (none with --quiet), not by library logs.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    overrides = {key: yaml.safe_load(value) for key, value in args.parameter}
    try:  # the configuration and every -p are checked before anything heavy is imported: a typo is named at once
        check_parameters({**load_params(args.params), **overrides}, known_only=True)
    except (OSError, ValueError) as err:
        print(f"report failed: {err}", file=sys.stderr)
        return USAGE
    from analysis import report, run_folders

    try:
        result = report.run_report(
            args.params,
            overrides=overrides,
            progress=not args.quiet,
            scheduler=args.scheduler,
            workers=args.workers,
            use_cache=not args.no_cache,
            wait=not args.no_wait,
            **({"reports_dir": Path(args.reports)} if args.reports else {}),
        )
    except run_folders.ReportBusy as err:
        print(f"report not started: {err}", file=sys.stderr)
        return BUSY
    except ValueError as err:  # a parameter the notebooks run do not declare
        print(f"report failed: {err}", file=sys.stderr)
        return USAGE
    except (report.ReportFailed, OSError) as err:
        print(f"report failed: {err}", file=sys.stderr)
        return FAILED
    if not args.quiet:
        report.say(report.summary_line(result, time.perf_counter() - started))
    return OK


def add_validate_parser(sub) -> None:
    """The ``validate`` command's arguments (its work is in :mod:`analysis.validate_cli`)."""
    parser = sub.add_parser("validate", help="validate the theme codebook: draw a sample to label, score it against the labels")
    steps = parser.add_subparsers(dest="step", required=True)
    latest = str(config.REPORTS_DIR / "latest")
    sample = steps.add_parser("sample", help="a stratified sample of paragraphs to label (by score band and outlet)")
    sample.add_argument("--run", default=latest, help="run folder (default: %(default)s)")
    sample.add_argument("--out", default="labels.csv", help="the CSV to write (default: %(default)s)")
    sample.add_argument("--per-band", type=int, default=20, help="paragraphs per theme and score band (default: %(default)s)")
    sample.add_argument("--themes", nargs="+", default=MISSION, help="themes to sample (default: the three mission themes)")
    sample.add_argument("--threshold", type=float, default=3.0, help="the score that assigns a theme (default: %(default)s)")
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--force", action="store_true", help="replace --out if it exists (it may hold your labels)")
    scores = steps.add_parser("report", help="precision and recall of the codebook against a labelled sample")
    scores.add_argument("labels", help="the labelled CSV")
    scores.add_argument("--run", default=latest, help="run folder (default: %(default)s)")
    scores.add_argument("--out", default=None, help="folder for the results (default: beside the labels, <name>-validation/)")
    scores.add_argument("--classifier", action="store_true", help="also cross-validate a logistic regression on the labels")
    scores.add_argument("--save-model", default=None, help="train the classifier on all labels and save it here")
    apply = steps.add_parser("apply", help="assign themes with a saved classifier")
    apply.add_argument("model", help="a file written by 'report --save-model'")
    apply.add_argument("--run", default=latest, help="run folder (default: %(default)s)")


if __name__ == "__main__":
    sys.exit(main())
