"""The DP mechanism, its post-processing and the synthesis from DP aggregates, as plain Python
(no dbt build): the noise matches the budget, the budget adds up, the consistency invariants,
the synthesis' count equality and no-unpublished-combination rule, determinism."""

import math
from itertools import combinations
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ctdc_pipeline.codebook import COLUMNS
from ctdc_pipeline.dp import Noise, NoiseJournal, Parameters, release, synthesize, synthesize_from_table
from ctdc_pipeline.dp.budget import Budget, epsilon_of, rho_for
from ctdc_pipeline.dp.checks import synthetic_violations
from ctdc_pipeline.dp.combinations import extend, key_bits, pack, true_counts, unpack
from ctdc_pipeline.dp.domain import Domain
from ctdc_pipeline.dp.mechanism import _prediction, measure, record_scales, size_weights
from ctdc_pipeline.dp.models import size_weights as size_weights_var
from ctdc_pipeline.dp.noise import gaussian_measurement
from ctdc_pipeline.paths import RELEASE_2021

DOMAIN = Domain.from_codebook()


@pytest.fixture(scope="module")
def records():
    """Every 10th record of the demo data (19,303 records)."""
    return pq.read_table(RELEASE_2021, columns=COLUMNS).take(np.arange(0, 193_025, 10))


@pytest.fixture(scope="module")
def dp_release(records):
    return release(records, Parameters(epsilon=4.0))


class RecordingNoise(Noise):
    """OpenDP noise that keeps every Gaussian measurement's input, output and scale."""

    def __init__(self):
        super().__init__()
        self.gaussians = {}

    def gaussian(self, name, counts, sensitivity, rho):
        noisy, scale = super().gaussian(name, counts, sensitivity, rho)
        self.gaussians[name] = (np.asarray(counts), noisy, scale, sensitivity, rho)
        return noisy, scale


# --- budget -------------------------------------------------------------------------------

@pytest.mark.parametrize("epsilon, delta", [(1.0, 1e-7), (4.0, 1e-7), (8.0, 1e-9)])
def test_budget_split_adds_up_to_epsilon(epsilon, delta):
    budget = Budget.split(epsilon, delta, (1, 2, 3), total_share=0.005, percentile_share=0.01)
    assert math.isclose(sum(budget.parts()), budget.rho, rel_tol=1e-12)
    assert budget.spent_epsilon() <= epsilon
    assert math.isclose(budget.spent_epsilon(), epsilon, rel_tol=1e-6)
    # OpenDP's conversion is at least as tight as the textbook bound rho + 2 sqrt(rho ln(1/delta))
    assert budget.rho >= _textbook_rho(epsilon, delta)
    assert budget.lengths[2] / budget.lengths[0] == pytest.approx(3)


def _textbook_rho(epsilon, delta):
    log = math.log(1 / delta)
    return (math.sqrt(log + epsilon) - math.sqrt(log)) ** 2


def test_epsilon_grows_with_rho_and_rho_for_inverts_it():
    assert epsilon_of(0.1, 1e-7) < epsilon_of(0.2, 1e-7)
    assert math.isclose(epsilon_of(rho_for(2.0, 1e-6), 1e-6), 2.0, rel_tol=1e-6)


def test_budget_rejects_bad_parameters():
    with pytest.raises(ValueError, match="epsilon"):
        Budget.split(0, 1e-7, (1, 1))
    with pytest.raises(ValueError, match="delta"):
        Budget.split(1, 0, (1, 1))
    with pytest.raises(ValueError, match="share"):
        Budget.split(1, 1e-7, (1, 0))


# --- noise --------------------------------------------------------------------------------

def test_noise_scale_matches_the_budget():
    """40,000 discrete Gaussian draws from OpenDP: their standard deviation is the scale that
    spends exactly rho for the sensitivity (to within 2 %, about 6 standard errors), their
    mean is 0, and OpenDP's own privacy map agrees."""
    sensitivity, rho = 16 * math.sqrt(120), 0.05
    measurement, scale = gaussian_measurement(sensitivity, rho)
    assert scale == pytest.approx(sensitivity / math.sqrt(2 * rho))
    assert measurement.map(sensitivity) == pytest.approx(rho)
    draws = np.asarray(measurement(np.zeros(40_000, dtype=np.int64)), dtype=np.float64)
    assert abs(draws.std() / scale - 1) < 0.02
    assert abs(draws.mean()) < 6 * scale / math.sqrt(len(draws))
    assert np.array_equal(draws, np.round(draws))  # whole numbers: the exact discrete Gaussian


def test_mechanism_noise_matches_each_lengths_budget(records):
    """Within the mechanism: each length's noise (noisy minus weighted count) has the standard
    deviation its budget share and contribution bound imply."""
    parameters = Parameters()
    noise = RecordingNoise()
    measurements = measure(DOMAIN.encode(records), DOMAIN, parameters, noise)
    budget = measurements.budget
    for level in measurements.lengths:
        counts, noisy, scale, sensitivity, rho = noise.gaussians[f"length_{level.length}"]
        assert sensitivity == pytest.approx(parameters.weight_units * math.sqrt(level.bound))
        assert rho == pytest.approx(budget.lengths[level.length - 1])
        assert sensitivity ** 2 / (2 * scale ** 2) == pytest.approx(rho)
        draws = (noisy - counts).astype(np.float64)
        tolerance = 6 * math.sqrt(2 / len(draws))  # six standard errors of a sample sd
        assert abs(draws.std() / scale - 1) < tolerance, level.length
        assert level.noise_sd == pytest.approx(scale / parameters.weight_units)
        # a candidate of weight w is measured as w x its count: its noise is sd / w records
        assert np.allclose(level.candidate_sd() * level.weight, level.noise_sd)
        assert (level.weight < 1).any() == (level.length > 1)


def test_fresh_noise_differs_between_builds(records):
    first = release(records.slice(0, 3000), Parameters(reporting_length=1))
    second = release(records.slice(0, 3000), Parameters(reporting_length=1))
    assert not np.array_equal(first.measurements.lengths[0].noisy, second.measurements.lengths[0].noisy)


# --- contribution bound and candidates -----------------------------------------------------

@pytest.mark.parametrize("bound", [1, 7, 16, 120, 677])
def test_contributions_never_exceed_the_bound(bound):
    units = 16
    rng = np.random.default_rng(bound)
    weights = rng.integers(1, units + 1, size=(5000, 40)) * (rng.random((5000, 40)) < 0.5)
    norms = (weights ** 2).sum(axis=1)
    scale = record_scales(norms, bound, units)
    contributions = (scale[:, None] * weights) // units
    # each record's L2 norm within units * sqrt(bound)
    assert ((contributions ** 2).sum(axis=1) <= units ** 2 * bound).all()
    assert ((scale + 1) ** 2 * norms > units ** 4 * bound)[scale < units].all()  # and as large as allowed
    within = norms <= units ** 2 * bound
    assert (contributions[within] == weights[within]).all()  # a record within the bound: its full weights


def test_size_weights_fall_with_the_predicted_count():
    predicted = np.log([1.0, 10.0, 20.0, 40.0, 160.0, 1e6])
    # (n / 10) ^ -0.25 rounded up to a power of sqrt(1/2), from 1 down to the floor
    expected = [1, 1, 1, 2 ** -0.5, 2 ** -1, 2 ** -1.5]
    assert np.allclose(size_weights(predicted, 10.0, 0.25, 0.35), expected)
    assert np.allclose(size_weights(predicted, 10.0, 0.0, 0.35), 1)
    assert size_weights_var({"reference": 10, "exponent": 0.25, "floor": 0.35}) == (10.0, 0.25, 0.35)
    with pytest.raises(ValueError, match="dp_size_weights must map reference, exponent and floor"):
        size_weights_var({"reference": 10, "exponent": 0.25})
    with pytest.raises(ValueError, match="size_weights"):
        Parameters(size_weights=(10.0, 0.25, 0.0)).check()


def test_a_triples_prediction_is_kirkwoods_superposition():
    """n_abc ~ n_ab n_ac n_bc N / (n_a n_b n_c), from the published estimates (each + 0.5)."""
    bits = key_bits(3, 3)
    level = lambda keys, estimates: SimpleNamespace(candidates=pack(np.array(keys), bits),  # noqa: E731
                                                    estimate=np.array(estimates, dtype=float))
    out = SimpleNamespace(bits=bits, total=1000, lengths=[
        level([[0], [1], [2]], [100, 50, 40]), level([[0, 1], [0, 2], [1, 2]], [30, 20, 10])])
    predicted = _prediction(out, pack(np.array([[0, 1, 2]]), bits), 3, 3)
    assert np.exp(predicted[0]) == pytest.approx(30.5 * 20.5 * 10.5 * 1000 / (100.5 * 50.5 * 40.5))
    pair = _prediction(out, pack(np.array([[0, 1]]), bits), 2, 3)
    assert np.exp(pair[0]) == pytest.approx(100.5 * 50.5 / 1000)


def test_candidates_extend_only_released_combinations():
    rng = np.random.default_rng(3)
    column_of = np.repeat(np.arange(8), 3)  # 24 attributes, 3 per column
    bits = key_bits(24, 3)
    pairs = {tuple(sorted(p)) for p in combinations(range(24), 2) if column_of[p[0]] != column_of[p[1]]}
    released = sorted(p for p in pairs if rng.random() < 0.4)
    triples = unpack(extend(pack(np.array(released), bits), 2, bits, column_of), 3, bits)
    got = set(map(tuple, triples.tolist()))
    expected = {t for t in combinations(range(24), 3) if len({column_of[a] for a in t}) == 3
                and all(p in set(released) for p in combinations(t, 2))}
    assert got == expected


def test_domain_rejects_a_value_outside_the_codebook(records):
    bad = records.slice(0, 5).set_column(COLUMNS.index("gender"), "gender",
                                         pa.array(["Female", "Female", "Martian", None, "Male"]))
    with pytest.raises(ValueError, match=r"row 3, column gender: value 'Martian'"):
        DOMAIN.encode(bad)


# --- consistency ---------------------------------------------------------------------------

def test_consistent_aggregates_hold_every_invariant(dp_release):
    aggregates, bits = dp_release.aggregates, dp_release.aggregates.bits
    column_of = DOMAIN.column_of
    previous = None
    for length, (keys, counts) in enumerate(aggregates.lengths, start=1):
        assert counts.dtype.kind == "i" and (counts > 0).all()
        assert np.array_equal(keys, np.unique(keys))
        ids = unpack(keys, length, bits)
        assert all(len(set(column_of[row])) == length for row in ids.tolist())
        if length == 1:
            per_column = np.bincount(column_of[ids[:, 0]], weights=counts)
            assert per_column.max() <= aggregates.total
        else:
            parent_of = dict(zip(previous[0].tolist(), previous[1].tolist(), strict=True))
            sums = {}
            for row, count in zip(ids.tolist(), counts.tolist(), strict=True):
                for drop in range(length):
                    parent = int(pack(np.array(row[:drop] + row[drop + 1:]), bits))
                    assert parent in parent_of and count <= parent_of[parent]
                    group = (parent, column_of[row[drop]])
                    sums[group] = sums.get(group, 0) + count
            assert all(total <= parent_of[parent] for (parent, _), total in sums.items())
        previous = (keys, counts)


def test_aggregates_table_round_trips(dp_release):
    table = dp_release.aggregates_table()
    assert table.column("combination_key")[0].as_py() == "" and table.column("dp_count")[0].as_py() > 0
    back = type(dp_release.aggregates).from_table(table, DOMAIN)
    assert back.total == dp_release.aggregates.total
    for (k1, c1), (k2, c2) in zip(back.lengths, dp_release.aggregates.lengths, strict=True):
        assert np.array_equal(k1, k2) and np.array_equal(c1, c2)


# --- synthesis -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(dp_release):
    return synthesize_from_table(dp_release.aggregates_table(), DOMAIN, seed=7)


def test_synthetic_counts_equal_published_counts_and_use_only_published_combinations(dp_release, synthetic):
    assert synthetic.column_names == DOMAIN.columns
    assert synthetic_violations(synthetic, dp_release.aggregates, DOMAIN) == []
    profiles = DOMAIN.encode(synthetic)
    keys, counts = true_counts(profiles, 1, dp_release.aggregates.bits)
    published_keys, published_counts = dp_release.aggregates.counts_of(1)
    assert np.array_equal(keys, published_keys) and np.array_equal(counts, published_counts)


def test_synthetic_checks_catch_planted_violations(dp_release, synthetic):
    aggregates = dp_release.aggregates
    # a record deleted: its values' counts no longer equal the published counts
    fewer = synthetic.slice(1)
    assert any("count" in v for v in synthetic_violations(fewer, aggregates, DOMAIN))
    # a record holding a pair the aggregates do not publish
    pairs = set(aggregates.counts_of(2)[0].tolist())
    bits = aggregates.bits
    unpublished = next((a, b) for a in range(DOMAIN.size) for b in range(a + 1, DOMAIN.size)
                       if DOMAIN.column_of[a] != DOMAIN.column_of[b]
                       and int(pack(np.array([a, b]), bits)) not in pairs)
    row = {column: None for column in DOMAIN.columns}
    for attribute in unpublished:
        column, value = DOMAIN.values[attribute]
        row[column] = value
    planted = pa.concat_tables([synthetic, pa.Table.from_pylist([row], schema=synthetic.schema)])
    assert any("not published" in v for v in synthetic_violations(planted, aggregates, DOMAIN))


def test_synthesis_is_deterministic_for_a_seed(dp_release, synthetic):
    again = synthesize_from_table(dp_release.aggregates_table(), DOMAIN, seed=7)
    assert again.equals(synthetic)


# --- reproducible rebuilds ----------------------------------------------------------------

def test_a_noise_journal_replays_a_build_exactly(records, tmp_path):
    sample = records.slice(0, 5000)
    journal = tmp_path / "secret" / "noise.npz"
    first = release(sample, Parameters(), noise_journal=journal)
    second = release(sample, Parameters(), noise_journal=journal)
    assert first.aggregates_table().equals(second.aggregates_table())
    assert first.parameters_table().equals(second.parameters_table())
    assert synthesize(first.aggregates, DOMAIN, seed=1).equals(synthesize(second.aggregates, DOMAIN, seed=1))


def test_a_noise_journal_refuses_changed_data(records, tmp_path):
    journal = tmp_path / "noise.npz"
    release(records.slice(0, 5000), Parameters(reporting_length=2), noise_journal=journal)
    with pytest.raises(ValueError, match="changed since it was recorded"):
        release(records.slice(1, 5000), Parameters(reporting_length=2), noise_journal=journal)
    with pytest.raises(ValueError, match="changed since it was recorded"):  # same data, another budget
        release(records.slice(0, 5000), Parameters(reporting_length=2, epsilon=2.0), noise_journal=journal)
    assert NoiseJournal(journal).entries  # the journal itself is left as it was


# --- the steward's comparison page -----------------------------------------------------------

def test_comparison_page_shows_every_configuration(records):
    from ctdc_pipeline.dp.comparison import render, run_all

    sample = records.slice(0, 4000)
    n_records, runs = run_all(sample, ks=(10,), epsilons=(4,), reporting_length=2, progress=lambda _: None)
    page = render(n_records, runs)
    assert [r.label for r in runs] == ["k-syn 10", "DP 4"]
    assert page.count("<svg") == 6 and "Never publish this page" in page
    k_run, dp_run = runs
    assert all(f["fabricated"] == 0 for f in k_run.records_figures)  # k-synthetic never fabricates
    assert k_run.risk["rare_support_share"] == 0  # every k-synthetic record has support >= k
    assert dp_run.aggregates_figures and dp_run.dp_total > 0


def test_support_risk_counts_real_records_holding_every_value():
    from ctdc_pipeline.dp.evaluation import support_risk

    def table(rows):
        return pa.Table.from_pylist([{c: row.get(c) for c in COLUMNS} for row in rows],
                                    schema=pa.schema([(c, pa.string()) for c in COLUMNS]))
    real = table([{"gender": "Female", "ageBroad": "18--20"}] * 2 + [{"gender": "Female"}]
                 + [{"gender": "Female", "ageBroad": "18--20", "citizenship": "UKR"}])
    synthetic = table([{"gender": "Female", "ageBroad": "18--20"}, {"citizenship": "UKR"},
                       {"gender": "Female"}, {"gender": "Male"}])
    risk = support_risk(DOMAIN.encode(real), DOMAIN.encode(synthetic), k=4)
    # supports 3, 1, 4, 0: three of four records held by fewer than 4 real records, one by exactly one
    assert risk == {"rare_support_share": 0.75, "unique_support_share": 0.25}


def test_measurements_table_round_trips_to_the_same_aggregates(dp_release):
    """The mechanism's output as a table (the model between the mechanism and its
    post-processing) gives the same published aggregates."""
    from ctdc_pipeline.dp import make_consistent
    from ctdc_pipeline.dp.mechanism import Measurements

    measurements = dp_release.measurements
    back = Measurements.from_table(measurements.to_table(), measurements.parameters, DOMAIN.size)
    again = make_consistent(back, DOMAIN.column_of)
    assert again.total == dp_release.aggregates.total
    for (k1, c1), (k2, c2) in zip(again.lengths, dp_release.aggregates.lengths, strict=True):
        assert np.array_equal(k1, k2) and np.array_equal(c1, c2)
