"""The report of a DP release (privacy model differential_privacy), as `load` and `render` for
report.write_report: one self-contained HTML file, built from the release's published DP tables
and, for the privacy budget spent over the release series, the budgets of the DP builds
published from the same DuckDB file (its build history). No true count and no evaluation
against the sensitive data: that stays with the steward (scripts/bench_dp.py)."""

import html
from functools import partial

import duckdb

from ctdc_pipeline.dp.budget import epsilon_of
from ctdc_pipeline.history import TABLE as HISTORY
from ctdc_pipeline.history import has_table, noise_fingerprint
from ctdc_pipeline.report import BLUE, GREY, bars, page, table_rows, value_chart


def load(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = partial(table_rows, con)
        parameters = rows("from published.release_parameters")[0]
        return {
            "parameters": parameters,
            "noise": rows("from published.dp_parameters order by combination_length"),
            "by_length": rows("select combination_length, count(*) as combinations "
                              "from published.dp_aggregates "
                              "where combination_length > 0 group by all order by all"),
            "total": rows("select dp_count as n from published.dp_aggregates "
                          "where combination_length = 0")[0]["n"],
            "synthetic_records": rows("select count(*) as n from published.dp_synthetic_cases")[0]["n"],
            "top_values": top_values(con, rows),
            "budgets": earlier_budgets(con, rows),
            # the largest changes beyond the noise (dp_release_changes.status)
            "changes": rows("select * from published.dp_release_changes where status <> 'within noise' "
                            "order by abs(count_change) desc, combination_key limit 15")
            if parameters["previous_release_id"] else None,
            "change_statuses": rows("select status, count(*) as n from published.dp_release_changes "
                                    "where combination_length = 1 group by all order by all"),
        }


def top_values(con, rows):
    """The 12 single values with the largest DP counts, with their counts in the synthetic records."""
    top = rows("select combination_key, dp_count as reported_count from published.dp_aggregates "
               "where combination_length = 1 order by dp_count desc, combination_key limit 12")
    for value in top:
        column, _, text = value["combination_key"].partition(":")
        value["synthetic_count"] = con.execute(
            f'select count(*) from published.dp_synthetic_cases where cast("{column}" as varchar) = ?',
            [text]).fetchall()[0][0]
    return top


def earlier_budgets(con, rows):
    """[(release id, zCDP rho)] of the DP builds published before this one from this DuckDB file,
    each noise draw once (build history rows hold each build's release parameters and noise
    fingerprint); this build's rho is 0 when it replays an earlier build's noise."""
    database = con.execute("select current_database()").fetchall()[0][0]
    if not has_table(con, database):
        return [], False
    earlier = rows(  # a build without a fingerprint counts on its own
        "select any_value(release_id) as release_id, any_value(parameters['zcdp_rho']) as rho, "
        "coalesce(parameters['dp_noise_fingerprint'], build_id) as fingerprint "
        f"from {HISTORY} where status = 'published' and parameters['privacy_model'] = 'differential_privacy' "
        "group by fingerprint order by min(built_at), fingerprint")
    replayed = noise_fingerprint(con, database) in {r["fingerprint"] for r in earlier}
    return [(r["release_id"], float(r["rho"])) for r in earlier], replayed


def budget_section(parameters, budgets):
    """This release's budget and the sum over the DP releases published from this DuckDB file:
    zCDP composes by adding rho, whatever the releases hold."""
    earlier, replayed = budgets
    delta, rho = parameters["delta"], 0.0 if replayed else parameters["zcdp_rho"]
    series = [*earlier, (parameters["release_id"] + (" (replayed noise)" if replayed else ""), rho)]
    running, lines = 0.0, []
    for release_id, spent in series:
        running += spent
        lines.append(f"<tr><td>{html.escape(release_id)}</td><td>{spent:.4f}</td><td>{running:.4f}</td>"
                     f"<td>{epsilon_of(running, delta):.2f}</td></tr>")
    cumulative = epsilon_of(running, delta)
    return cumulative, f"""<section id="budget">
<h2>Privacy budget</h2>
<p>This release is ({parameters['epsilon']:g}, {delta:g})-differentially private for each case
record: whatever else an attacker knows, adding or removing one person's record changes the
probability of any published figure by a factor of at most e<sup>{parameters['epsilon']:g}</sup>
(except with probability {delta:g}). Releases of the same people add up: over the
{len(series)} DP release{'s' if len(series) > 1 else ''} published from this DuckDB file, a
person in all of them is protected at epsilon = {cumulative:.2f} (zCDP budgets add; converted
at delta = {delta:g}).</p>
<table id="budget-series"><tr><th>release</th><th>zCDP rho</th><th>cumulative rho</th>
<th>cumulative epsilon</th></tr>
{chr(10).join(lines)}
</table>
</section>"""


def changes_section(parameters, changes, statuses):
    if changes is None:
        return ""
    previous = html.escape(parameters["previous_release_id"])
    counted = ", ".join(f"{s['n']:,} {s['status']}" for s in statuses)
    rows = "\n".join(
        f"<tr><td>{html.escape(c['combination_key'] or 'record total')}</td>"
        f"<td>{c['previous_dp_count'] or 0:,}</td><td>{c['dp_count'] or 0:,}</td>"
        f"<td>{c['count_change']:+,}</td><td>{c['change_noise_sd']:.1f}</td></tr>" for c in changes)
    return f"""<section id="changes">
<h2>Changes since release {previous}</h2>
<p>Computed only from the DP figures both releases publish. Each count carries its release's
noise, so a change carries both: only a change larger than twice the standard deviation of that
noise is read as a change. Single values: {counted}. The largest changes beyond the noise:</p>
<table id="changes-largest"><tr><th>value</th><th>release {previous}</th><th>this release</th>
<th>change</th><th>noise sd of the change</th></tr>
{rows}
</table>
</section>"""


def decimals(value, places):
    return "" if value is None else f"{value:.{places}f}"


def render(data):
    parameters = data["parameters"]
    release_id = html.escape(parameters["release_id"])
    noise = {n["combination_length"]: n for n in data["noise"]}
    lengths = [f"{r['combination_length']} value{'s' if r['combination_length'] > 1 else ''}"
               for r in data["by_length"]]
    cumulative, budget = budget_section(parameters, data["budgets"])
    total_sd = noise[0]["noise_sd"]
    summary = (
        f"This release describes about {data['total']:,} identified victims of trafficking (a DP "
        f"count, noise sd {total_sd:.1f}) through differentially private counts of every published "
        f"combination of up to {parameters['reporting_length']} attribute values and "
        f"{data['synthetic_records']:,} synthetic case records built from those counts alone. Every "
        f"figure is ({parameters['epsilon']:g}, {parameters['delta']:g})-differentially private: no "
        f"figure depends much on any one person. Every single value appears in the synthetic records "
        f"exactly as often as its DP count says, and no record holds a combination the DP counts do "
        f"not publish. Counts carry noise of known size (the table below): small counts are the "
        f"least reliable.")
    published = [r["combinations"] for r in data["by_length"]]
    sds = [noise[r["combination_length"]]["noise_sd"] for r in data["by_length"]]
    figures = {
        "combinations": bars(lengths, [("published combinations", published, BLUE)],
                             "Combinations published", "combinations"),
        "noise": bars(lengths, [("noise sd", sds, GREY)], "Noise of a count of weight 1 (standard deviation)",
                      "records"),
        "values": value_chart(data["top_values"], published="DP"),
    }
    cards = "\n".join(f'<figure id="chart-{name}">{chart}</figure>' for name, chart in figures.items())
    noise_rows = "\n".join(
        f"<tr><td>{n['measurement']}</td><td>{n['rho']:.5f}</td><td>{n['noise_sd']:.2f}</td>"
        f"<td>{n['contribution_bound']}</td><td>{decimals(n['bound_rho'], 5)}</td>"
        f"<td>{html.escape(n['column_weights'] or '')}</td>"
        f"<td>{html.escape(n['size_weights'] or '')}</td></tr>"
        for n in data["noise"])
    body = f"""<h1>Release {release_id}: a differentially private release</h1>
<p class="summary" id="summary">{html.escape(summary)}</p>
<div class="key">
<div>release<b id="figure-release">{release_id}</b></div>
<div>epsilon<b id="figure-epsilon">{parameters['epsilon']:g}</b></div>
<div>delta<b id="figure-delta">{parameters['delta']:g}</b></div>
<div>cumulative epsilon<b id="figure-cumulative-epsilon">{cumulative:.2f}</b></div>
<div>DP record total<b id="figure-total">{data['total']:,} ± {total_sd:.1f}</b></div>
<div>synthetic records<b id="figure-records">{data['synthetic_records']:,}</b></div>
</div>
<div class="charts">
{cards}
</div>
<h2>The noise of each figure</h2>
<table id="noise"><tr><th>measurement</th><th>zCDP rho</th><th>noise sd</th><th>contribution bound</th>
<th>rho of the bound</th><th>column weights</th><th>size weights</th></tr>
{noise_rows}
</table>
<p>One person changes the counts of a length by at most the square root of its contribution
bound in all (a record holding more combinations adds a fraction to each), and each count's
noise is OpenDP's discrete Gaussian with the standard deviation shown. A combination given a
weight below 1 is measured at that weight (the product of its columns' weights and of its size
weight, less for a combination that its shorter combinations' DP estimates predict to be
large), so its noise is the standard deviation shown divided by its weight: each published count
carries its own (dp_aggregates.noise_sd). The counts were then
estimated and made consistent (whole, non-negative, never above a count of a sub-combination),
which spends no further budget. A combination that is not published was too rare to tell from
the noise, or was never measured because one of its parts was not published: its count is
unknown, not zero.</p>
{budget}
{changes_section(parameters, data["changes"], data["change_statuses"])}"""
    return page(f"Release {release_id} (differential privacy, epsilon = {parameters['epsilon']:g})", body)

