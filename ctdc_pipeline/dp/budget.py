"""The privacy budget: (epsilon, delta) as one zero-concentrated DP budget rho, split between
the record total, the contribution bounds (DP percentiles) and each combination length.

Every part is a zCDP measurement and zCDP composes by adding rho, adaptively too (each length's
candidates depend on the length before). The whole release is then (epsilon, delta)-DP by
OpenDP's conversion from zCDP (make_zCDP_to_approxDP, the optimal conversion of Canonne, Kamath
and Steinke): a larger rho, so less noise, than SDS's bound (sqrt(eps + ln(2/delta)) -
sqrt(ln(2/delta)))^2 for the same (epsilon, delta)."""

import math
from dataclasses import dataclass

import opendp.prelude as dp

dp.enable_features("contrib")


def epsilon_of(rho, delta):
    """The epsilon at which rho-zCDP is (epsilon, delta)-DP (OpenDP's privacy profile)."""
    if rho <= 0:
        return 0.0
    # a Gaussian measurement of sensitivity 1 whose privacy map gives exactly rho
    gaussian = dp.m.make_gaussian(dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float),
                                  scale=math.sqrt(1 / (2 * rho)))
    return dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(gaussian), delta).map(1.0)[0]


def rho_for(epsilon, delta):
    """The largest rho whose (epsilon, delta) conversion stays within epsilon (bisection on
    OpenDP's conversion, which grows with rho)."""
    low, high = 0.0, max(epsilon, 1.0)
    while epsilon_of(high, delta) <= epsilon:
        high *= 2
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if epsilon_of(middle, delta) <= epsilon else (low, middle)
    return low


@dataclass(frozen=True)
class Budget:
    """rho parts: total (the record total), percentiles (one per length, for the contribution
    bounds) and lengths (one per combination length). They add up to rho."""

    epsilon: float
    delta: float
    rho: float
    total: float
    percentiles: tuple
    lengths: tuple

    @classmethod
    def split(cls, epsilon, delta, length_shares, total_share=0.005, percentile_share=0.01):
        """length_shares: the share of the combination counts' budget each length gets
        (normalized to add up to 1); total_share and percentile_share: the shares of the whole
        budget for the record total and for the contribution bounds."""
        if not epsilon > 0:
            raise ValueError(f"epsilon must be positive, not {epsilon!r}")
        if not 0 < delta < 1:
            raise ValueError(f"delta must lie in (0, 1), not {delta!r}")
        shares = [float(s) for s in length_shares]
        if not shares or min(shares) <= 0:
            raise ValueError(f"every length needs a positive budget share, not {length_shares!r}")
        if not (0 < total_share and 0 <= percentile_share and total_share + percentile_share < 1):
            raise ValueError("total_share and percentile_share must leave budget for the counts")
        # a hair under the bisection's rho, so the parts' floating-point sum stays within epsilon
        rho = rho_for(epsilon, delta) * (1 - 1e-9)
        counts = rho * (1 - total_share - percentile_share)
        per_percentile = rho * percentile_share / len(shares)
        return cls(epsilon, delta, rho, rho * total_share, (per_percentile,) * len(shares),
                   tuple(counts * s / sum(shares) for s in shares))

    def parts(self):
        return [self.total, *self.percentiles, *self.lengths]

    def spent_epsilon(self, rho_spent=None):
        """The (epsilon, delta)-DP epsilon of what was spent (all parts by default)."""
        return epsilon_of(sum(self.parts()) if rho_spent is None else rho_spent, self.delta)
