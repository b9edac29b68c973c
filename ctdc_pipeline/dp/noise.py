"""Every random draw the DP mechanism makes, through OpenDP's vetted measurements: the discrete
Gaussian on integer count vectors, and the private quantile (exponential mechanism) for the
contribution bounds. Nothing here uses numpy's or Python's random generators.

OpenDP cannot be seeded: its samplers read a cryptographically secure generator seeded from the
operating system's entropy (OpenSSL's RAND_bytes in the 0.16 wheel), with no API to set a seed,
by design. A reproducible rebuild therefore replays a noise journal instead: the first build
records each measurement's output beside a fingerprint of its input; a rebuild of the same data
with the same journal returns the recorded outputs, so the release is byte-identical and no
budget is spent again. The journal is as secret as the true counts (published count minus
recorded noise is the truth): it lives with the sensitive data, never in a release. A journal
entry whose input changed is refused, never reused: the same noise on other data would let the
difference of two releases reveal the exact change."""

import hashlib
import math
from pathlib import Path

import numpy as np
import opendp.prelude as dp

dp.enable_features("contrib")


def gaussian_measurement(sensitivity, rho):
    """OpenDP's discrete Gaussian on integer vectors whose L2 sensitivity is `sensitivity`,
    at the scale that spends exactly rho (checked against OpenDP's own privacy map)."""
    scale = sensitivity / math.sqrt(2 * rho)
    measurement = dp.m.make_gaussian(dp.vector_domain(dp.atom_domain(T="i64")), dp.l2_distance(T=float),
                                     scale=scale)
    spent = measurement.map(float(sensitivity))
    if spent > rho * (1 + 1e-9):
        raise AssertionError(f"discrete Gaussian spends {spent} > {rho}")
    return measurement, scale


def quantile_measurement(candidates, alpha, rho):
    """OpenDP's private quantile over `candidates` under zCDP spending rho (a record adds or
    removes one element of the input vector)."""
    def make(scale):
        return dp.m.make_private_quantile(dp.vector_domain(dp.atom_domain(T="i64")), dp.symmetric_distance(),
                                          dp.zero_concentrated_divergence(), candidates=list(candidates),
                                          alpha=float(alpha), scale=scale)
    scale = dp.binary_search_param(make, d_in=1, d_out=rho)
    measurement = make(scale)
    if measurement.map(1) > rho * (1 + 1e-9):
        raise AssertionError("private quantile overspends")
    return measurement


class Noise:
    """Draws through OpenDP, optionally recorded in or replayed from a NoiseJournal."""

    def __init__(self, journal=None):
        self.journal = journal

    def gaussian(self, name, counts, sensitivity, rho):
        """counts + discrete Gaussian noise, spending rho for L2 sensitivity `sensitivity`;
        returns (noisy counts, the noise's standard deviation)."""
        counts = np.ascontiguousarray(counts, dtype=np.int64)
        measurement, scale = gaussian_measurement(sensitivity, rho)
        draw = (lambda: np.asarray(measurement(counts), dtype=np.int64)) if len(counts) else (
            lambda: np.zeros(0, np.int64))
        return self._measure(name, counts, draw, f"gaussian {sensitivity!r} {rho!r}"), scale

    def quantile(self, name, values, candidates, alpha, rho):
        values = np.ascontiguousarray(values, dtype=np.int64)
        measurement = quantile_measurement(candidates, alpha, rho)
        settings = f"quantile {list(candidates)!r} {alpha!r} {rho!r}"
        return int(self._measure(name, values, lambda: np.array([measurement(values)], dtype=np.int64),
                                 settings)[0])

    def _measure(self, name, data, draw, settings):
        if self.journal is None:
            return draw()
        return self.journal.replay_or_record(name, data, draw, settings)


class NoiseJournal:
    """A secret record of a build's measurement outputs (an .npz file), for reproducible
    rebuilds. Keep it where the sensitive data is kept; never publish it."""

    def __init__(self, path):
        self.path = Path(path)
        self.entries = dict(np.load(self.path)) if self.path.exists() else {}
        self.changed = False

    def replay_or_record(self, name, data, draw, settings=""):
        """The recorded output of measurement `name` if its input and settings (sensitivity,
        budget, ...) are those recorded; else a fresh draw, recorded."""
        digest = hashlib.sha256(np.ascontiguousarray(data).tobytes() + settings.encode()).digest()
        fingerprint = np.frombuffer(digest, np.uint8)
        if f"{name}/output" in self.entries:
            if not np.array_equal(self.entries[f"{name}/input"], fingerprint):
                raise ValueError(f"noise journal {self.path}: the input or settings of measurement {name} "
                                 "changed since it was recorded; replaying its noise on other data would "
                                 "reveal the change. Build with fresh noise (a new journal), which spends "
                                 "budget again.")
            return self.entries[f"{name}/output"]
        output = draw()
        self.entries[f"{name}/input"], self.entries[f"{name}/output"] = fingerprint, output
        self.changed = True
        return output

    def save(self):
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "wb") as f:
                np.savez(f, **self.entries)
            self.changed = False
