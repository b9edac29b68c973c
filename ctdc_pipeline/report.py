"""The evaluation report: one self-contained HTML file (charts as inline SVG, no script, no
server), built only from the published models."""

import html
import io
from functools import partial
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "ctdc-release", "font.size": 10, "figure.dpi": 96})
BLUE, ORANGE, GREY = "#1f5f8b", "#e07b39", "#9aa5b1"


def table_rows(con, query):
    """A query's rows as dicts."""
    relation = con.sql(query)
    return [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()]


def load(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = partial(table_rows, con)
        parameters = rows("from published.release_parameters")[0]
        compared = parameters["previous_release_id"] is not None
        return {
            "parameters": parameters,
            "changes": {
                "largest": rows("select combination_key, count_change "
                                "from published.release_changes_by_value where count_change <> 0 "
                                "order by abs(count_change) desc, combination_key limit 15"),
                "by_length": rows("from published.release_changes_by_length order by combination_length"),
                "totals": {r["measure"]: r for r in rows("from published.release_changes_totals")},
            } if compared else None,
            "fidelity": rows("from published.evaluation_by_length order by combination_length"),
            "combinations": rows("select combination_length, reported_count, unfitted_synthetic_count, "
                                 "synthetic_count from published.evaluation_by_combination "
                                 "order by combination_length, combination_key"),
            "risk": rows("from published.evaluation_risk order by combination_length"),
            "synthetic_records": con.sql("select count(*) from published.synthetic_cases").fetchall()[0][0],
            "top_values": rows(
                "select r.combination_key, r.reported_count, s.synthetic_count "
                "from published.reportable_aggregates as r "
                "left join published.synthetic_combination_counts as s using (combination_key) "
                "where r.combination_length = 1 order by r.reported_count desc, r.combination_key limit 12"),
        }


def svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def bars(labels, series, title, ylabel, percent=False):
    figure, axis = plt.subplots(figsize=(5.2, 3.0))
    width = 0.8 / len(series)
    for i, (name, values, colour) in enumerate(series):
        positions = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        drawn = axis.bar(positions, values, width, label=name, color=colour)
        axis.bar_label(drawn, labels=[f"{v:.0%}" if percent else f"{v:,.0f}" for v in values],
                       fontsize=8, padding=2)
    axis.set_xticks(range(len(labels)), labels)
    axis.set_title(title, loc="left", fontsize=11)
    axis.set_ylabel(ylabel)
    if percent:
        axis.set_ylim(0, 1.12 if max(max(v) for _, v, _ in series) > 0.5 else None)
        axis.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    axis.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axis.legend(frameon=False, fontsize=8)
    return svg(figure)


def value_chart(top, published="reportable"):
    """The most frequent single values: published count (`published`: its kind) against synthetic."""
    figure, axis = plt.subplots(figsize=(5.2, 3.6))
    labels = [t["combination_key"] for t in top][::-1]
    axis.barh([y + 0.2 for y in range(len(labels))], [t["reported_count"] for t in top][::-1], 0.4,
              label=f"{published} count", color=GREY)
    axis.barh([y - 0.2 for y in range(len(labels))], [t["synthetic_count"] or 0 for t in top][::-1],
              0.4, label="synthetic count", color=BLUE)
    axis.set_yticks(range(len(labels)), labels, fontsize=8)
    axis.set_title(f"Most frequent values: synthetic = {published}", loc="left", fontsize=11)
    axis.spines[["top", "right"]].set_visible(False)
    axis.legend(frameon=False, fontsize=8, loc="lower right")
    return svg(figure)


def scatter_chart(length, combinations, k):
    """Synthetic against published counts of every reportable combination of one length, before
    fitting (the synthesizer's records) and after (the published ones), log-log; combinations
    absent from the synthetic records sit on the bottom edge."""
    mine = [c for c in combinations if c["combination_length"] == length]
    reported = [c["reported_count"] for c in mine]
    columns = ("unfitted_synthetic_count", "synthetic_count")
    top = max(reported + [c[column] for c in mine for column in columns]) * 1.5
    floor = k / 2
    figure, axes = plt.subplots(1, 2, figsize=(10.4, 4.2), sharex=True, sharey=True)
    labels = ("before fitting", "after fitting (published)")
    for axis, column, label in zip(axes, columns, labels, strict=True):
        synthetic = [max(c[column], floor) for c in mine]
        error = sum(abs(c[column] - c["reported_count"]) / c["reported_count"] for c in mine)
        error /= max(len(mine), 1)
        absent = sum(1 for c in mine if c[column] == 0)
        axis.scatter(reported, synthetic, s=3, alpha=0.25, linewidths=0, rasterized=True,
                     color=BLUE if column == "synthetic_count" else ORANGE)
        axis.plot([k, top], [k, top], color=GREY, linewidth=0.8)
        axis.fill_between([k, top], [0.8 * k, 0.8 * top], [1.2 * k, 1.2 * top], color=GREY, alpha=0.2,
                          linewidth=0)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlim(k * 0.8, top)
        axis.set_ylim(floor * 0.8, top)
        axis.set_title(f"{label}: mean proportional error {error:.2f}, {absent:,} absent", loc="left",
                       fontsize=9)
        axis.set_xlabel("published count")
        axis.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel(f"synthetic count (absent: {floor:g})")
    values = f"{length} value{'s' if length > 1 else ''}"
    figure.suptitle(f"Combinations of {values}: synthetic against published counts (grey band: within 20 %)",
                    x=0.01, ha="left", fontsize=11)
    return svg(figure)


def change_chart(largest):
    figure, axis = plt.subplots(figsize=(10.4, 0.3 * len(largest) + 1))
    labels = [c["combination_key"] for c in largest][::-1]
    changes = [c["count_change"] for c in largest][::-1]
    drawn = axis.barh(range(len(labels)), changes, 0.6, color=[BLUE if c > 0 else ORANGE for c in changes])
    axis.bar_label(drawn, labels=[f"{c:+,}" for c in changes], fontsize=8, padding=2)
    axis.set_yticks(range(len(labels)), labels, fontsize=8)
    axis.axvline(0, color=GREY, linewidth=0.8)
    axis.set_title("Largest changes in reported counts of single values", loc="left", fontsize=11)
    axis.set_xlabel("change in reported count (records)")
    axis.spines[["top", "right"]].set_visible(False)
    return svg(figure)


def changes_section(parameters, changes):
    """'Changes since release <id>': totals, reportable combinations by length, largest changes."""
    if changes is None:
        return ""
    k, previous = parameters["k"], html.escape(parameters["previous_release_id"])
    totals = changes["totals"]
    total_rows = "\n".join(
        f"<tr><td>{label}</td><td>{t['previous_value'] or 0:,}</td><td>{t['current_value']:,}</td>"
        f"<td>{t['count_change'] or 0:+,}</td></tr>"
        for label, t in (("records (rounded down to k)", totals["records_total"]),
                         ("synthetic records", totals["synthetic_records"])))
    length_rows = "\n".join(
        f"<tr><td>{r['combination_length']}</td><td>{r['previous_reportable']:,}</td>"
        f"<td>{r['reportable']:,}</td><td>{r['became_reportable']:,}</td>"
        f"<td>{r['stopped_being_reportable']:,}</td></tr>" for r in changes["by_length"])
    chart = change_chart(changes["largest"]) if changes["largest"] else "<p>No reported count changed.</p>"
    return f"""<section id="changes">
<h2>Changes since release {previous}</h2>
<p>Computed only from the files both releases publish. Every count is rounded down to a multiple
of {k}, so one step of {k} can mean anything from 1 to {2 * k - 1} records, and an unchanged count
can hide up to {k - 1} new ones: read changes of several steps, not single steps.</p>
<table id="changes-totals"><tr><th></th><th>release {previous}</th><th>this release</th><th>change</th></tr>
{total_rows}
</table>
<table id="changes-by-length"><tr><th>length</th><th>reportable before</th><th>reportable now</th>
<th>became reportable</th><th>stopped being reportable</th></tr>
{length_rows}
</table>
<figure id="chart-changes">{chart}</figure>
</section>"""


def render(data):
    k = data["parameters"]["k"]
    release_id = html.escape(data["parameters"]["release_id"])
    fidelity, risk = data["fidelity"], data["risk"]
    lengths = [f"{f['combination_length']} value{'s' if f['combination_length'] > 1 else ''}"
               for f in fidelity]
    total = risk[0]["records_total"] if risk else 0
    expansion = fidelity[0]["record_expansion"] if fidelity else 0
    fabricated = sum(f["fabricated_combinations"] for f in fidelity)
    longest = fidelity[-1] if fidelity else {}
    riskiest = risk[-1] if risk else {}
    figures = {
        "preserved": bars(lengths, [("mean preserved share", [f["mean_preserved_share"] for f in fidelity],
                                     BLUE)], "Share of each reportable combination preserved",
                          "mean of min(synthetic / real, 1)", percent=True),
        "error": bars(lengths, [("mean absolute error", [f["mean_absolute_error"] for f in fidelity],
                                 ORANGE)], "Mean absolute error of combination counts", "records"),
        "suppressed": bars(lengths, [
            ("reportable combinations", [f["reportable_combinations"] for f in fidelity], GREY),
            ("suppressed (absent from synthetic)", [f["suppressed_combinations"] for f in fidelity], ORANGE),
            ("fabricated (must be 0)", [f["fabricated_combinations"] for f in fidelity], BLUE),
        ], "Combinations kept, lost and invented", "combinations"),
        "risk": bars([f"{r['combination_length']} value{'s' if r['combination_length'] > 1 else ''}"
                      for r in risk], [
            ("unique combination", [r["records_with_unique_combination"] / max(total, 1) for r in risk],
             ORANGE),
            (f"combination shared by fewer than {k}",
             [r["records_with_rare_combination"] / max(total, 1) for r in risk], BLUE),
        ], "Real records that could single a person out", "share of records", percent=True),
        "values": value_chart(data["top_values"]),
    }
    summary = (
        f"This release describes about {total:,} identified victims of trafficking (rounded down to a "
        f"multiple of {k}) through {data['synthetic_records']:,} synthetic case records "
        f"({expansion:.2f} synthetic records per real one) and counts of every combination of up to "
        f"{data['parameters']['reporting_length']} attribute values. Every synthetic record, taken as a "
        f"whole, matches at least {k} real people, so no one can be singled out; every single value "
        f"appears exactly as often as in the reportable counts. Longer combinations are less "
        f"faithful: combinations of {longest.get('combination_length', 0)} values keep on average "
        f"{longest.get('mean_preserved_share', 0):.0%} of their real frequency, and their synthetic "
        f"counts "
        f"differ from the published ones by {longest.get('mean_proportional_error', 0):.0%} on average. "
        f"{fabricated} combinations were invented. Publishing the real records instead would expose about "
        f"{riskiest.get('records_with_rare_combination', 0):,} people whose combination of "
        f"{riskiest.get('combination_length', 0)} values is shared by fewer than {k} records."
    )
    table_rows = "\n".join(
        f"<tr><td>{f['combination_length']}</td><td>{f['reportable_combinations']:,}</td>"
        f"<td>{f['mean_preserved_share']:.1%}</td><td>{f['mean_absolute_error']:.1f}</td>"
        f"<td>{f['mean_proportional_error']:.3f}</td><td>{f['share_within_20_percent']:.1%}</td>"
        f"<td>{f['suppressed_combinations']:,}</td><td>{f['fabricated_combinations']:,}</td></tr>"
        for f in fidelity)
    cards = "\n".join(f'<figure id="chart-{name}">{chart}</figure>' for name, chart in figures.items())
    lengths_compared = sorted({c["combination_length"] for c in data["combinations"]})
    scatters = "\n".join(
        f'<figure id="chart-scatter-{length}">{scatter_chart(length, data["combinations"], k)}</figure>'
        for length in lengths_compared)
    body = f"""<h1>Release {release_id}: how faithful and how safe is the synthetic release?</h1>
<p class="summary" id="summary">{html.escape(summary)}</p>
<div class="key">
<div>release<b id="figure-release">{release_id}</b></div>
<div>reporting resolution k<b id="figure-k">{k}</b></div>
<div>synthetic records<b id="figure-records">{data['synthetic_records']:,}</b></div>
<div>record expansion<b id="figure-expansion">{expansion:.2f}</b></div>
<div>fabricated combinations<b id="figure-fabricated">{fabricated}</b></div>
</div>
<div class="charts">
{cards}
</div>
<h2>Figures by combination length</h2>
<table id="fidelity"><tr><th>length</th><th>reportable</th><th>mean preserved</th>
<th>mean abs. error</th><th>mean proportional error</th><th>within 20 %</th><th>suppressed</th>
<th>fabricated</th></tr>
{table_rows}
</table>
<p>Compared: the synthetic counts of every combination of attribute values against the real
counts of the combinations held by at least {k} real records. Real counts below {k} are never
shown; risk figures are rounded down to a multiple of {k}. This is not a random sample of
victims: it holds the cases the partners identified and assisted.</p>
<h2>Synthetic against published counts, combination by combination</h2>
<p>Each point is a reportable combination: its published count (across) and the number of
synthetic records holding it (up), before the records were fitted to the published figures and
after. On the grey line they agree; in the grey band they are within 20 %. A published count c
means the true count lies between c and c + {k - 1}.</p>
<div class="scatters">
{scatters}
</div>
{changes_section(data["parameters"], data["changes"])}"""
    return page(f"Evaluation of release {release_id} (k = {k})", body)


STYLE = """<style>
body { font-family: system-ui, sans-serif; max-width: 1120px; margin: 2rem auto; padding: 0 1rem;
       color: #1d2733; line-height: 1.5; }
.summary { font-size: 1.1rem; background: #f2f5f8; padding: 1rem 1.25rem; border-radius: 6px; }
.key { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.key div { background: #fff; border: 1px solid #d9e0e7; border-radius: 6px; padding: .6rem 1rem; }
.key b { display: block; font-size: 1.4rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; } svg { max-width: 100%; height: auto; } .scatters figure { margin-bottom: 1rem; }
table { border-collapse: collapse; margin-top: 1rem; } td, th { padding: .3rem .8rem;
       border-bottom: 1px solid #d9e0e7; text-align: right; }
</style>"""


def page(title, body):
    """A whole HTML page: title, the reports' style, body."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<title>{title}</title>\n'
            f"{STYLE}</head>\n<body>\n{body}\n</body></html>\n")


def write_report(db_path, out_path, load=load, render=render):
    """The report of the DuckDB file's release; a DP release's with dp_report's load and render."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render(load(db_path)), encoding="utf-8")
    return out_path
