"""Estimates of the true counts from the noisy counts alone (post-processing, free under DP):
empirical Bayes with a nonparametric prior.

Per length, the noisy counts y_i = theta_i + N(0, sd^2), with sd public. The prior of theta is
fitted to all of the length's noisy counts by EM over a fixed grid of support points (Kiefer and
Wolfowitz's nonparametric maximum likelihood); each count's estimate is its posterior median
(the estimate with the least expected absolute error) and its posterior probability of being at
least a given size. Most candidates hold few or no records, so small noisy counts shrink toward
zero and large ones keep their value: far less error than the raw noisy count for the many
small combinations."""

import numpy as np

FINE_SPAN = 30  # noise standard deviations covered by the evenly spaced points
FINE_STEP = 0.5  # their spacing, in noise standard deviations
COARSE_POINTS = 120  # geometrically spaced points above, up to the largest count
EM_ROUNDS = 150


def support_grid(noisy, sd):
    """0, points sd / 2 apart up to 30 sd, then geometrically spaced points up to the largest
    count (where counts are sparse and the noise is small beside them)."""
    top = max(float(np.max(noisy, initial=0.0)) + sd, sd)
    fine = np.arange(0.0, min(top, FINE_SPAN * sd), FINE_STEP * sd)
    coarse = np.geomspace(FINE_SPAN * sd, top, COARSE_POINTS) if top > FINE_SPAN * sd else []
    return np.unique(np.concatenate([fine, coarse]))


class Posterior:
    """The fitted prior of one length and the posterior of each of its noisy counts."""

    def __init__(self, noisy, sd, rounds=EM_ROUNDS):
        self.noisy, self.sd = np.asarray(noisy, dtype=np.float64), float(sd)
        self.grid = support_grid(self.noisy, self.sd)
        if len(self.noisy) == 0:
            self.weights = np.full(len(self.grid), 1 / len(self.grid))
            self.posterior = np.zeros((0, len(self.grid)))
            return
        # likelihood up to a constant per count (it cancels in the posterior)
        z = (self.noisy[:, None] - self.grid[None, :]) / self.sd
        likelihood = np.exp(-0.5 * (z * z - np.min(z * z, axis=1, keepdims=True)))
        weights = np.full(len(self.grid), 1 / len(self.grid))
        for _ in range(rounds):
            joint = likelihood * weights
            joint /= joint.sum(axis=1, keepdims=True)
            weights = joint.mean(axis=0)
        joint = likelihood * weights
        self.weights = weights
        self.posterior = joint / joint.sum(axis=1, keepdims=True)

    def quantile(self, q=0.5):
        """Each count's posterior q-quantile (a grid point; the median by default); a count
        above the evenly spaced grid keeps its noisy value: there the prior is flat beside the
        noise, and the coarse grid would only round it."""
        if len(self.noisy) == 0:
            return np.zeros(0)
        cumulative = np.cumsum(self.posterior, axis=1)
        value = self.grid[np.minimum((cumulative < q).sum(axis=1), len(self.grid) - 1)]
        return np.where(self.noisy > FINE_SPAN * self.sd / 2, self.noisy, value)

    def median(self):
        return self.quantile(0.5)

    def mean(self):
        return self.posterior @ self.grid

    def probability_at_least(self, size):
        """Each count's posterior probability that its true value is at least `size`."""
        return self.posterior[:, self.grid >= size].sum(axis=1)


BINS = 30
MIN_PER_BIN = 400


def binned_quantiles(noisy, sd, covariate, qs=(0.5,), bins=BINS):
    """Posterior quantiles (one array per q in qs) with a prior fitted separately within bins
    of a covariate (a prediction of each count from shorter combinations' estimates): counts predicted alike
    share a prior, so a small count is shrunk toward what its sub-combinations suggest rather
    than toward the length's overall mix. Bins are quantiles of the covariate, merged until
    each holds MIN_PER_BIN counts."""
    noisy = np.asarray(noisy, dtype=np.float64)
    if covariate is None or len(noisy) < 2 * MIN_PER_BIN:
        posterior = Posterior(noisy, sd)
        return [posterior.quantile(q) for q in qs]
    bins = max(1, min(bins, len(noisy) // MIN_PER_BIN))
    order = np.argsort(covariate, kind="stable")
    out = [np.empty(len(noisy)) for _ in qs]
    for part in np.array_split(order, bins):
        posterior = Posterior(noisy[part], sd)
        for values, q in zip(out, qs, strict=True):
            values[part] = posterior.quantile(q)
    return out
