"""Random draws inside the compiled loops: splitmix64 streams (a stream's whole state is one
integer, so a run is reproducible from its seed, and each profile can have a stream of its own,
whichever thread redacts it) and the one weighted-choice helper."""

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53: 53 random bits -> [0, 1)


def new_stream(seed):
    """The state array of a stream of draws for a seed."""
    return np.array([seed], dtype=np.uint64)


@njit(cache=True)
def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * _MIX_1
    z = (z ^ (z >> np.uint64(27))) * _MIX_2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def restart(state, seed, key):
    """Point `state` at the stream of (seed, key): far from every other key's stream."""
    state[0] = _mix(np.uint64(seed) ^ _mix(np.uint64(key) + _GOLDEN))


@njit(cache=True)
def uniform(state):
    """The next U(0, 1) draw of the stream (advances `state`)."""
    state[0] += _GOLDEN
    return float(_mix(state[0]) >> np.uint64(11)) * _TO_UNIT


@njit(cache=True)
def weighted_pick(weights, n, state):
    """Index i < n with probability weights[i] / sum(weights[:n]); -1 if every weight is 0."""
    total = 0.0
    for i in range(n):
        total += weights[i]
    if total <= 0.0:
        return -1
    threshold, running, last = uniform(state) * total, 0.0, -1
    for i in range(n):
        if weights[i] > 0:
            running += weights[i]
            last = i
            if running > threshold:
                return i
    return last
