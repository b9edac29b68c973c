"""The steward's side-by-side comparison of privacy models on the same sensitive records:
k-synthetic records at several k and DP releases at several epsilon, on utility per length,
fabricated combinations, record total, disclosure risk and run time. One offline HTML page
(matplotlib SVG inlined). It reads true counts: it is for the steward, never for a release."""

import html
import time
from dataclasses import dataclass, field

import matplotlib.pyplot as plt

from ctdc_pipeline.report import BLUE, GREY, ORANGE, svg

from .combinations import key_bits
from .domain import Domain
from .evaluation import Truth, evaluate_records, support_risk
from .mechanism import Parameters

REFERENCE_K = 10  # reportable = held by at least this many real records, for every model alike
LENGTH_COLOURS = (BLUE, ORANGE, GREY, "#5b8c5a")


@dataclass
class Run:
    """One configuration's figures."""

    model: str  # "k-synthetic" or "DP"
    setting: str  # "k = 10" or "epsilon = 4"
    seconds: float
    records: int
    records_figures: list  # per length: evaluation dict of the synthetic records
    risk: dict
    aggregates_figures: list = field(default_factory=list)  # DP only: the published aggregates
    dp_total: int | None = None

    @property
    def label(self):
        return f"{'k-syn' if self.model == 'k-synthetic' else 'DP'} {self.setting.split(' = ')[1]}"


def run_all(table, ks=(5, 10, 20), epsilons=(1, 2, 4, 8), reporting_length=3, seed=42, delta=1e-7,
            progress=print):
    """Build every configuration on `table` (the sensitive records) and evaluate it."""
    from ctdc_pipeline.ksynth import synthesize as k_synthesize

    from . import release, synthesize

    domain = Domain.from_codebook()
    bits = key_bits(domain.size, reporting_length)
    real = domain.encode(table)
    truth = Truth(real, reporting_length, bits)
    runs = []
    for k in ks:
        started = time.perf_counter()
        records = k_synthesize(table, k=k, seed=seed)
        seconds = time.perf_counter() - started
        figures, n = evaluate_records(truth, records, domain, bits, REFERENCE_K)
        runs.append(Run("k-synthetic", f"k = {k}", seconds, n, figures,
                        support_risk(real, domain.encode(records), REFERENCE_K)))
        progress(f"k-synthetic k = {k}: {seconds:.1f} s, {n:,} records")
    for epsilon in epsilons:
        started = time.perf_counter()
        parameters = Parameters(epsilon=float(epsilon), delta=delta, reporting_length=reporting_length)
        result = release(table, parameters, domain)
        records = synthesize(result.aggregates, domain, seed=seed, target_records=result.aggregates.total)
        seconds = time.perf_counter() - started
        figures, n = evaluate_records(truth, records, domain, bits, REFERENCE_K)
        runs.append(Run("DP", f"epsilon = {epsilon:g}", seconds, n, figures,
                        support_risk(real, domain.encode(records), REFERENCE_K),
                        truth.evaluate(result.aggregates.lengths, REFERENCE_K), result.aggregates.total))
        progress(f"DP epsilon = {epsilon:g}: {seconds:.1f} s, {n:,} records")
    return truth.n_records, runs


def grouped(runs, values, title, ylabel, percent=False, lengths=None):
    """Bars per configuration, one colour per combination length (or a single series)."""
    figure, axis = plt.subplots(figsize=(7.2, 3.2))
    labels = [r.label for r in runs]
    series = values if lengths else [values]
    width = 0.8 / len(series)
    for i, column in enumerate(series):
        positions = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        name = f"length {lengths[i]}" if lengths else None
        axis.bar(positions, column, width, label=name, color=LENGTH_COLOURS[i % len(LENGTH_COLOURS)])
    axis.set_xticks(range(len(labels)), labels, fontsize=8)
    axis.set_title(title, loc="left", fontsize=11)
    axis.set_ylabel(ylabel)
    if percent:
        axis.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    axis.spines[["top", "right"]].set_visible(False)
    if lengths:
        axis.legend(frameon=False, fontsize=8)
    return svg(figure)


def render(n_records, runs, note=""):
    lengths = [f["length"] for f in runs[0].records_figures]

    def per_length(key, source="records_figures"):
        return [[getattr(r, source)[i][key] if getattr(r, source) else 0 for r in runs]
                for i in range(len(lengths))]

    charts = {
        "preserved": grouped(runs, per_length("mean_preserved_share"),
                             "Synthetic records: mean preserved share", "mean of min(synthetic / real, 1)",
                             True, lengths),
        "error": grouped(runs, per_length("mean_absolute_error"), "Synthetic records: mean absolute error",
                         "records", False, lengths),
        "fabricated": grouped(runs, per_length("fabricated"),
                              f"Fabricated combinations (synthetic, fewer than {REFERENCE_K} real)",
                              "combinations", False, lengths),
        "total": grouped(runs, [r.records / n_records - 1 for r in runs], "Synthetic records vs real records",
                         "relative difference", True),
        "risk": grouped(runs, [r.risk["rare_support_share"] for r in runs],
                        f"Synthetic records whose values fewer than {REFERENCE_K} real records share",
                        "share of synthetic records", True),
        "time": grouped(runs, [r.seconds for r in runs], "Run time (synthesis; DP: mechanism + synthesis)",
                        "seconds"),
    }
    rows = "\n".join(
        f"<tr><td>{html.escape(r.model)}</td><td>{html.escape(r.setting)}</td><td>{r.records:,}</td>"
        + "".join(f"<td>{f['mean_preserved_share']:.1%}</td><td>{f['mean_absolute_error']:.1f}</td>"
                  f"<td>{f['fabricated']:,}</td>" for f in r.records_figures)
        + "".join(f"<td>{f['mean_absolute_error']:.1f}</td>" for f in r.aggregates_figures)
        + ("<td></td>" * len(lengths) if not r.aggregates_figures else "")
        + f"<td>{r.risk['rare_support_share']:.2%}</td><td>{r.risk['unique_support_share']:.2%}</td>"
        f"<td>{r.seconds:.1f}</td></tr>" for r in runs)
    header = ("<tr><th>model</th><th>setting</th><th>records</th>"
              + "".join(f"<th>L{n} preserved</th><th>L{n} MAE</th><th>L{n} fabricated</th>" for n in lengths)
              + "".join(f"<th>L{n} DP aggregates MAE</th>" for n in lengths)
              + f"<th>records with support &lt; {REFERENCE_K}</th><th>records with support 1</th>"
              "<th>seconds</th></tr>")
    cards = "\n".join(f'<figure id="chart-{name}">{chart}</figure>' for name, chart in charts.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Privacy models compared (steward only)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1180px; margin: 2rem auto; padding: 0 1rem;
       color: #1d2733; line-height: 1.5; }}
.warning {{ background: #fdf1e7; border-left: 4px solid {ORANGE}; padding: .6rem 1rem; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 1rem; }}
figure {{ margin: 0; }} svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; margin-top: 1rem; font-size: .85rem; }}
td, th {{ padding: .25rem .5rem; border-bottom: 1px solid #d9e0e7; text-align: right; }}
</style></head>
<body>
<h1>k-synthetic or differential privacy? The same {n_records:,} records under each</h1>
<p class="warning">For the data steward only: every figure here is computed against the true counts
of the sensitive records. Never publish this page.</p>
<p>Utility per combination length is measured over the combinations held by at least {REFERENCE_K}
real records, for every model alike (a combination missing from the synthetic records counts 0).
Fabricated: in the synthetic records but held by fewer than {REFERENCE_K} real records (k-synthetic
records never have any, by construction; DP records only hold combinations the DP aggregates
publish, so theirs come from the aggregates' noise). Disclosure risk, measured: the share of
synthetic records whose whole combination of values fewer than {REFERENCE_K} real records hold
(its support, as the k-synthetic guarantee counts it), and exactly one (a record that points at
a single real person). DP's guarantee is not this measure but epsilon: whatever an attacker knows, the
release changes the odds of any inference about one person by at most a factor e^epsilon
(plus delta). k-synthetic records have no such bound against an attacker who combines releases.
{html.escape(note)}</p>
<div class="charts">
{cards}
</div>
<h2>All figures</h2>
<div style="overflow-x: auto"><table id="figures">{header}
{rows}
</table></div>
</body></html>
"""
