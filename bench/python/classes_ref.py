"""Times the references of issue 10's class-aware metrics on .npy inputs written by the C# benchmark (ClassesBench).
Each mode prints one line "SECONDS CPU_S PEAK_RSS_GB VALUE [EXTRA ...]".

  classes_ref.py fpc REAL.npy FAKE.npy REAL_LABELS.npy FAKE_LABELS.npy
      per-class FID as intra-FID papers compute it: per class numpy mean/cov (float64) and pytorch-fid's
      calculate_frechet_distance formula (scipy.linalg.sqrtm); the mean over classes
  classes_ref.py knn REAL.npy FAKE.npy REAL_LABELS.npy K
      scikit-learn KNeighborsClassifier(K, algorithm="brute").fit(real).predict(fake): the modes metric's vote
  classes_ref.py c2st REAL.npy FAKE.npy SEED
      parity/c2st_parity.py's recipe as a user runs it: LogisticRegression(C=1) with the default lbfgs (max_iter 1000),
      MLPClassifier((64,), adam, batch 256, 20 epochs, shuffle=False), roc_auc_score, 100 label permutations
  classes_ref.py fld TRAIN.npy TEST.npy GEN.npy FLD_DIR
      marcojira/fld FLD("test").compute_metric on Debian's torch (float32, as it ships), torch.set_num_threads(2)
  classes_ref.py parzen REAL.npy GEN.npy SIGMA SCRIPT_ROWS
      the mean Parzen-window LL of the real rows under the generated ones, two ways: goodfeli/adversarial
      parzen_ll.py's theano_parzen transcribed to numpy (broadcast differences, batches of 10 rows) on the first
      SCRIPT_ROWS real rows only (it is slow; its time is printed as measured), and on all rows by a GEMM
      (||x||^2 + ||g||^2 - 2 x.g) as a fast numpy would write it: "SCRIPT_S CPU_S PEAK_GB SCRIPT_LL GEMM_S GEMM_LL"
"""
import os
import resource
import sys
import time
import types
import warnings

import numpy as np


def usage():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime, u.ru_maxrss / 1e6


def fd(mu1, s1, mu2, s2):
    from scipy import linalg
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)


def main():
    mode = sys.argv[1]
    cpu0, _ = usage()
    t0 = time.perf_counter()
    extra = []
    seconds = None
    if mode == "fpc":
        real, fake = np.load(sys.argv[2]), np.load(sys.argv[3])
        lr, lf = np.load(sys.argv[4]), np.load(sys.argv[5])
        t0 = time.perf_counter()
        values = []
        for c in np.unique(lr):
            a, b = real[lr == c].astype(np.float64), fake[lf == c].astype(np.float64)
            values.append(fd(a.mean(0), np.cov(a, rowvar=False), b.mean(0), np.cov(b, rowvar=False)))
        value = float(np.mean(values))
    elif mode == "knn":
        from sklearn.neighbors import KNeighborsClassifier
        real, fake, lr = np.load(sys.argv[2]), np.load(sys.argv[3]), np.load(sys.argv[4])
        t0 = time.perf_counter()
        pred = KNeighborsClassifier(int(sys.argv[5]), algorithm="brute").fit(real, lr).predict(fake)
        value = float(np.bincount(pred.astype(np.int64)).max())
    elif mode == "c2st":
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
        from sklearn.neural_network import MLPClassifier
        from sklearn.preprocessing import StandardScaler
        from sklearn.exceptions import ConvergenceWarning
        real, fake, seed = np.load(sys.argv[2]), np.load(sys.argv[3]), int(sys.argv[4])
        t0 = time.perf_counter()
        X = np.vstack([real, fake]).astype(np.float64)
        y = np.r_[np.zeros(len(real)), np.ones(len(fake))].astype(np.int64)
        rs = np.random.RandomState(seed)
        perm = rs.permutation(len(y))
        half = len(y) // 2
        tr, te = perm[:half], perm[half:]
        sc = StandardScaler().fit(X[tr])
        xtr, xte = sc.transform(X[tr]), sc.transform(X[te])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t1 = time.perf_counter()
            lrm = LogisticRegression(C=1.0, max_iter=1000).fit(xtr, y[tr])
            t_lr = time.perf_counter() - t1
            t1 = time.perf_counter()
            mlp = MLPClassifier((64,), batch_size=256, max_iter=20, shuffle=False, random_state=seed, n_iter_no_change=21).fit(xtr, y[tr])
            t_mlp = time.perf_counter() - t1
        s1, s2 = lrm.decision_function(xte), mlp.predict_proba(xte)[:, 1]
        yte = y[te]
        t = max(roc_auc_score(yte, s1), roc_auc_score(yte, s2))
        t1 = time.perf_counter()
        null = [max(roc_auc_score(p, s1), roc_auc_score(p, s2)) for p in (rs.permutation(yte) for _ in range(100))]
        t_perm = time.perf_counter() - t1
        value = t
        extra = [f"{t_lr:.3f}", f"{t_mlp:.3f}", f"{t_perm:.3f}", f"{(1 + sum(v >= t for v in null)) / 101:.4f}"]
    elif mode == "fld":
        sys.modules["seaborn"] = types.ModuleType("seaborn")
        sys.path.insert(0, sys.argv[5])
        import torch
        torch.set_num_threads(2)
        from fld.metrics.FLD import FLD
        train, test, gen = (torch.from_numpy(np.load(p)) for p in sys.argv[2:5])
        np.random.seed(0)
        t0 = time.perf_counter()
        value = float(FLD("test").compute_metric(train, test, gen))
    elif mode == "parzen":
        real, gen = np.load(sys.argv[2]).astype(np.float64), np.load(sys.argv[3]).astype(np.float64)
        sigma = float(sys.argv[4])
        rows = int(sys.argv[5])
        x = real[:rows]
        d = gen.shape[1]
        z = d * np.log(sigma * np.sqrt(2 * np.pi))
        t0 = time.perf_counter()
        # The script: theano_parzen over batches of 10 test rows.
        lls = []
        for i in range(0, rows, 10):
            a = (x[i:i + 10, None, :] - gen[None, :, :]) / sigma
            e = -0.5 * (a ** 2).sum(2)
            m = e.max(1)
            lls.append(m + np.log(np.exp(e - m[:, None]).mean(1)) - z)
        script = float(np.concatenate(lls).mean())
        t_script = time.perf_counter() - t0
        t1 = time.perf_counter()
        gg = (gen ** 2).sum(1)
        lls = []
        for i in range(0, len(real), 1000):
            q = real[i:i + 1000]
            d2 = np.maximum((q ** 2).sum(1)[:, None] + gg[None, :] - 2 * q @ gen.T, 0)
            e = -d2 / (2 * sigma ** 2)
            m = e.max(1)
            lls.append(m + np.log(np.exp(e - m[:, None]).sum(1)) - np.log(len(gen)) - z)
        gemm = float(np.concatenate(lls).mean())
        t_gemm = time.perf_counter() - t1
        value = script
        seconds = t_script
        extra = [f"{t_gemm:.3f}", repr(gemm)]
    else:
        raise SystemExit("unknown mode " + mode)
    if seconds is None:
        seconds = time.perf_counter() - t0
    cpu1, peak = usage()
    print(f"{seconds:.3f} {cpu1 - cpu0:.2f} {peak:.2f} {value!r} " + " ".join(extra))


if __name__ == "__main__":
    main()
