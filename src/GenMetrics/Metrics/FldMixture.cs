using System.Buffers;
using System.Numerics.Tensors;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// fld's <c>MoG</c> (marcojira/fld <c>fld/MoG.py</c>, ffbbf20): an equal-weight mixture of isotropic Gaussians centred
/// on the rows of <see cref="Centers"/>, one log-variance s_j each, fitted to data by Adam on the mean negative
/// log-likelihood per dimension, with the data's mean as an extra component of its own width during the fit.
/// </summary>
/// <remarks>
/// Component j at x: -0.5 ||x - mu_j||² e^-s_j - (d/2) s_j - (d/2) log 2 pi (the <c>pairwise_lls_from_dists</c> of
/// fld, which calls e^s a variance). Fit: s_j starts at log((min_x ||x - mu_j||² + 1e-3) / d); each epoch walks the
/// (shuffled) data in batches of 10000 and takes one Adam step (lr 0.5, torch's defaults otherwise) per batch on
/// -mean_i logsumexp([pairwise_ij - log M]_j, origin_i) / d, where origin_i is the component at the data's mean with
/// squared distances scaled by 0.81 and its own s_0 (starting at 0, not clamped); after each step s_j is clamped to
/// [-40, 40]; at most 50 epochs, stopping after epoch e &gt; 5 when the epoch's mean loss is within 5e-4 of each of the
/// last five (its own included, as fld compares). The gradient is the analytic one: d ll_i / d s_j =
/// r_ij (0.5 D_ij e^-s_j - d/2) with r the responsibilities. fld runs torch in float32 (and <c>cdist</c> by matrix
/// products); here distances, sums and the optimiser are float64, distances stored as float32 as fld caches them.
/// Exponentials are TensorPrimitives' vectorised ones, one per term (the responsibilities reuse them), terms clamped at
/// e^-700 (<see cref="ShiftedExp"/>). Row blocks of 256 are summed in order: the same bits at any thread count.
/// </remarks>
internal sealed class FldMixture(FeatureMatrix centers)
{
    private const double Lr = 0.5, Beta1 = 0.9, Beta2 = 0.999, AdamEps = 1e-8;
    private const int Epochs = 50, BatchSize = 10000, RowBlock = 256;
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    public FeatureMatrix Centers { get; } = centers;

    public double[] LogSigmas { get; private set; } = new double[centers.Rows];

    public int EpochsRun { get; private set; }

    /// <summary>Squared distances of every row of <paramref name="x"/> to every centre, float64 then stored as float32 (n x m).</summary>
    public float[] Distances(FeatureMatrix x)
    {
        int m = Centers.Rows;
        var result = new float[(long)x.Rows * m];
        ForDistanceBlocks(x, (r0, rn, d2, offset) =>
        {
            for (long i = 0, count = (long)rn * m; i < count; i++) result[(long)r0 * m + i] = Stored(d2[offset + i]);
        });
        return result;
    }

    /// <summary>
    /// A squared distance as fld caches it, float32; one beyond float32's range (features past ~1e19) is kept at its
    /// largest value rather than +infinity, whose term would be -infinity and whose gradient infinity times e^-700.
    /// </summary>
    private static float Stored(double d2) => (float)Math.Min(d2, float.MaxValue);

    // Calls back with float64 squared distances for each block of rows, blocks in parallel (SquaredDistanceBlocks).
    private void ForDistanceBlocks(FeatureMatrix x, Action<int, int, double[], long> block)
    {
        var memory = x.Memory;
        int d = x.Columns;
        new SquaredDistanceBlocks(Centers.Span, Centers.Rows, Centers.Columns).ForEach(x.Rows, i => memory.Slice(i * d, d), block);
    }

    /// <summary>Fits the log-variances to the rows of <paramref name="x"/> (fld's <c>fit</c>); <paramref name="rng"/> shuffles them as its np.random does.</summary>
    public void Fit(FeatureMatrix x, RandomState rng)
    {
        int n = x.Rows, m = Centers.Rows, d = x.Columns;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (int k = 0; k < d; k++) mean[k] += row[k];
        }
        for (int k = 0; k < d; k++) mean[k] /= n;
        var order = rng.ChoiceWithoutReplacement(n, n);
        var shuffled = x.SelectRows(order);
        var dists = Distances(shuffled);
        var origin = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = shuffled.Row(i);
            double sq = 0;
            for (int k = 0; k < d; k++) { double t = row[k] - mean[k]; sq += t * t; }
            origin[i] = 0.81 * sq;   // (1 - ORIGIN_DIST_PROP)^2 x the squared distance to the mean
        }
        var s = new double[m];
        for (int j = 0; j < m; j++)
        {
            float min = float.PositiveInfinity;
            for (int i = 0; i < n; i++) min = Math.Min(min, dists[(long)i * m + j]);
            s[j] = Math.Log((min + 1e-3) / d);
        }
        double s0 = 0;
        var adamM = new double[m + 1];
        var adamV = new double[m + 1];
        var losses = new List<double>();
        int step = 0;
        double logM = Math.Log(m), half = d / 2.0;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            double epochLoss = 0;
            int batches = 0;
            for (int b0 = 0; b0 < n; b0 += BatchSize)
            {
                int bn = Math.Min(BatchSize, n - b0);
                var (loss, grad, grad0) = BatchGradient(dists, origin, b0, bn, m, s, s0, half, logM);
                double scale = -1.0 / (bn * (double)d);
                step++;
                double bc1 = 1 - Math.Pow(Beta1, step), bc2 = 1 - Math.Pow(Beta2, step);
                for (int j = 0; j <= m; j++)
                {
                    double g = (j < m ? grad[j] : grad0) * scale;
                    adamM[j] = Beta1 * adamM[j] + (1 - Beta1) * g;
                    adamV[j] = Beta2 * adamV[j] + (1 - Beta2) * g * g;
                    double delta = Lr / bc1 * adamM[j] / (Math.Sqrt(adamV[j]) / Math.Sqrt(bc2) + AdamEps);
                    if (j < m) s[j] = Math.Clamp(s[j] - delta, -40, 40);
                    else s0 -= delta;
                }
                epochLoss += -loss / (bn * (double)d);
                batches++;
            }
            double meanLoss = epochLoss / batches;
            losses.Add(meanLoss);
            EpochsRun = epoch + 1;
            if (epoch > 5)
            {
                double maxDiff = 0;
                for (int j = 1; j <= 5; j++) maxDiff = Math.Max(maxDiff, Math.Abs(meanLoss - losses[^j]));
                if (maxDiff < 5e-4) break;
            }
        }
        LogSigmas = s;
    }

    // Sum over the batch's rows of ll_i, and of d ll_i / d s_j (responsibility-weighted), in row blocks merged in order.
    private static (double Loss, double[] Grad, double Grad0) BatchGradient(float[] dists, double[] origin, int b0, int bn, int m,
        double[] s, double s0, double half, double logM)
    {
        int blocks = (bn + RowBlock - 1) / RowBlock;
        var parts = new (double Loss, double[] Grad, double Grad0)[blocks];
        var halfInv = Array.ConvertAll(s, v => 0.5 * Math.Exp(-v));
        var bias = new double[m];
        for (int j = 0; j < m; j++) bias[j] = -half * s[j] - half * Log2Pi - logM;
        double inv0 = Math.Exp(-s0), bias0 = -half * s0 - half * Log2Pi;
        Parallel.For(0, blocks, Parallelism.Options(), blk =>
        {
            var grad = new double[m];
            var buffer = ArrayPool<double>.Shared.Rent(2 * m);
            double loss = 0, grad0 = 0;
            try
            {
                var t = buffer.AsSpan(0, m);
                var a = buffer.AsSpan(m, m);
                for (int i = b0 + blk * RowBlock, end = Math.Min(b0 + bn, i + RowBlock); i < end; i++)
                {
                    var row = dists.AsSpan((int)((long)i * m), m);
                    double t0 = -0.5 * origin[i] * inv0 + bias0;
                    // a_j = 0.5 d_ij / sigma_j² (kept for the gradient); t_j = -a_j + bias_j.
                    TensorPrimitives.ConvertChecked<float, double>(row, a);
                    TensorPrimitives.Multiply(a, halfInv, a);
                    TensorPrimitives.Subtract(bias, a, t);
                    double max = Math.Max(t0, TensorPrimitives.Max<double>(t));
                    // One exponential per term (vectorised): e_j = exp(t_j - max); the responsibilities are e_j / sum,
                    // which is exp(t_j - ll) without a second exponential.
                    TensorPrimitives.Subtract(t, max, t);
                    ShiftedExp.InPlace(t);
                    double e0 = Math.Exp(t0 - max);
                    double sum = e0 + TensorPrimitives.Sum<double>(t);
                    double ll = max + Math.Log(sum), scale = 1 / sum;
                    loss += ll;
                    for (int j = 0; j < m; j++) grad[j] += t[j] * scale * (a[j] - half);
                    grad0 += e0 * scale * (0.5 * origin[i] * inv0 - half);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(buffer);
            }
            parts[blk] = (loss, grad, grad0);
        });
        double total = 0, total0 = 0;
        var g = new double[m];
        foreach (var p in parts)
        {
            total += p.Loss;
            total0 += p.Grad0;
            for (int j = 0; j < m; j++) g[j] += p.Grad[j];
        }
        return (total, g, total0);
    }

    /// <summary>fld's <c>get_dim_adjusted_nlls</c>: -logsumexp_j(pairwise_ij - log M) / d for every row, in row order.</summary>
    public double[] DimAdjustedNlls(FeatureMatrix x)
    {
        int m = Centers.Rows, d = x.Columns;
        double half = d / 2.0, logM = Math.Log(m);
        var inv = Array.ConvertAll(LogSigmas, v => Math.Exp(-v));
        var bias = Array.ConvertAll(LogSigmas, v => -half * v - half * Log2Pi - logM);
        var nll = new double[x.Rows];
        ForDistanceBlocks(x, (r0, rn, d2, offset) =>
        {
            var t = new double[m];
            for (int r = 0; r < rn; r++)
            {
                for (int j = 0; j < m; j++)
                {
                    // The stored distances of the fit are float32; these too, as fld's cdist gives them.
                    t[j] = -0.5 * Stored(d2[offset + (long)r * m + j]) * inv[j] + bias[j];
                }
                double max = TensorPrimitives.Max<double>(t);
                TensorPrimitives.Subtract(t, max, t);
                ShiftedExp.InPlace(t);
                nll[r0 + r] = -(max + Math.Log(TensorPrimitives.Sum<double>(t))) / d;
            }
        });
        return nll;
    }
}
