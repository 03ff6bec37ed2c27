"""Regenerates tests/fixtures/parzen: the Parzen-window log-likelihood of Goodfellow et al. 2014.

Reference: goodfeli/adversarial @ 1720041, parzen_ll.py (theano_parzen, log_mean_exp, get_nll,
cross_validate_sigma and main's estimate; credit Y. Dauphin). Theano and pylearn2 are not in Debian: the functions
are transcribed to numpy (float64), get_nll's interleaved batches included (batch_size 100, the script's default).
Sigma: the best mean LL of the validation points over numpy.logspace(-1, 0, 10) (argmax: the first on a tie); the
test LL is the mean and std (ddof 0) / sqrt(n) over the test points. Here both point sets come from one real set:
RandomState(seed).permutation(N)[:n_valid] (sorted) validate, the rest (sorted) are the test points, as GenMetrics
splits it. Features from parity/synthetic.py, multiplied by "scale" (a power of two, exact in float32).
    /usr/bin/python3 parity/parzen_parity.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "parzen")


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def log_mean_exp(a):
    max_ = a.max(1)
    return max_ + np.log(np.exp(a - max_[:, None]).mean(1))


def theano_parzen(mu, sigma):
    def f(x):
        a = (x[:, None, :] - mu[None, :, :]) / sigma
        e = log_mean_exp(-0.5 * (a ** 2).sum(2))
        z = mu.shape[1] * np.log(sigma * np.sqrt(np.pi * 2))
        return e - z
    return f


def get_nll(x, parzen, batch_size=10):
    inds = list(range(x.shape[0]))
    n_batches = int(np.ceil(float(len(inds)) / batch_size))
    nlls = []
    for i in range(n_batches):
        nlls.extend(parzen(x[inds[i::n_batches]]))
    return np.array(nlls)


def cross_validate_sigma(samples, data, sigmas, batch_size):
    lls = []
    for sigma in sigmas:
        lls.append(np.asarray(get_nll(data, theano_parzen(samples, sigma), batch_size=batch_size)).mean())
    return sigmas[int(np.argmax(lls))], lls


# name, real, generated, scale, validation size, seed, fixed sigma
CASES = [
    ("d8", recipe(601, 600, 8, 0.0, 0.5), recipe(602, 500, 8, 0.05, 0.6), 1.0, 200, 0, None),
    ("d32", recipe(611, 800, 32, 0.0, 0.5), recipe(612, 700, 32, 0.0, 0.5), 0.5, 300, 5, None),
    ("fixed_d16", recipe(621, 300, 16, 0.0, 0.5), recipe(622, 400, 16, 0.2, 0.5), 0.5, 0, 0, 0.3),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, real, gen, scale, n_valid, seed, sigma in CASES:
        x = (features(**real) * np.float32(scale)).astype(np.float64)
        g = (features(**gen) * np.float32(scale)).astype(np.float64)
        out = {"reference": "goodfeli/adversarial 1720041 parzen_ll.py transcribed to numpy " + np.__version__,
               "real": real, "generated": gen, "scale": scale, "validation": n_valid, "seed": seed}
        if sigma is None:
            perm = np.random.RandomState(seed).permutation(x.shape[0])
            valid, test = np.sort(perm[:n_valid]), np.sort(perm[n_valid:])
            sigmas = np.logspace(-1, 0, num=10)
            sigma, lls = cross_validate_sigma(g, x[valid], sigmas, 100)
            out["validation_ll"] = [float(v) for v in lls]
        else:
            test = np.arange(x.shape[0])
            out["fixed_sigma"] = sigma
        ll = get_nll(x[test], theano_parzen(g, sigma), batch_size=100)
        out.update({"sigma": float(sigma), "parzen_ll": float(ll.mean()), "parzen_ll_se": float(ll.std() / np.sqrt(len(test)))})
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, out["sigma"], out["parzen_ll"], out["parzen_ll_se"])


if __name__ == "__main__":
    main()
