using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>One critic's held-out performance.</summary>
/// <param name="Auc">ROC AUC of its scores on the test half (generated = positive), by midranks.</param>
/// <param name="Accuracy">The share of test rows it labels right (logistic: decision &gt; 0; MLP: probability &gt; 0.5).</param>
internal sealed record CriticScore(double Auc, double Accuracy);

/// <summary>The outcome of a classifier two-sample test.</summary>
internal sealed record C2stResult(CriticScore Logistic, CriticScore Mlp, double P, double NullMean, int Train, int Test, int TestGenerated,
    int LogisticIterations, bool LogisticConverged, double[] LogisticScores, double[] MlpScores)
{
    /// <summary>The better critic by AUC (the logistic one on a tie).</summary>
    public CriticScore Best => Mlp.Auc > Logistic.Auc ? Mlp : Logistic;

    /// <summary>The name of <see cref="Best"/>.</summary>
    public string BestName => Mlp.Auc > Logistic.Auc ? "mlp" : "logistic";
}

/// <summary>
/// The classifier two-sample test (Lopez-Paz and Oquab 2017), on scikit-learn's classifiers: the rows of real (label 0)
/// and generated (label 1) features are split by <c>RandomState(seed).permutation</c>, the first half (rounded down)
/// trains, the rest tests; features are standardised by the training half (StandardScaler); two critics are fitted, an
/// L2 logistic regression (C = 1, at its optimum) and a one-hidden-layer MLP (scikit-learn's Adam recipe); each is
/// scored by ROC AUC and accuracy on the test half. The statistic is the larger AUC; its p-value compares it with the
/// same statistic under <c>permutations</c> permutations of the test labels (<c>rs.permutation(y_test)</c>, the same
/// RandomState after the split): p = (1 + #{T_b &gt;= T}) / (1 + B). Labels permuted with the critics fixed is a valid
/// test because under the null the held-out scores are exchangeable; it costs a sort per critic, not a refit.
/// </summary>
internal static class C2st
{
    /// <summary>The most feature values both halves may hold (one float64 array each).</summary>
    public const long MaxValues = int.MaxValue;

    private const double Eps = 2.220446049250313e-16; // numpy.finfo(float64).eps

    public const string AucKey = "c2st_auc", AccuracyKey = "c2st_accuracy", PKey = "c2st_p";

    public static C2stResult Compute(FeatureMatrix real, FeatureMatrix generated, C2stOptions o, CancellationToken ct = default)
    {
        int nReal = real.Rows, total = real.Rows + generated.Rows, d = real.Columns;
        var rs = new RandomState((uint)o.Seed);
        var perm = rs.Permutation(total);
        int half = total / 2;
        int nTrain = half, nTest = total - half;
        var yTrain = new byte[nTrain];
        var yTest = new byte[nTest];
        for (int i = 0; i < nTrain; i++) yTrain[i] = perm[i] >= nReal ? (byte)1 : (byte)0;
        for (int i = 0; i < nTest; i++) yTest[i] = perm[half + i] >= nReal ? (byte)1 : (byte)0;
        int testGenerated = yTest.Count(v => v == 1), trainGenerated = yTrain.Count(v => v == 1);
        foreach (var (count, size, which) in new[] { (trainGenerated, nTrain, "training"), (testGenerated, nTest, "test") })
            if (count == 0 || count == size)
                throw new InputException($"{generated.Source}: c2st's seeded split (c2st_seed {o.Seed}) left the {which} half with only {(count == 0 ? "real" : "generated")} samples; " +
                                         "give more samples or another seed");
        var (xTrain, xTest) = Standardise(real, generated, perm, half, d);

        var logistic = LogisticRegression.Fit(xTrain, nTrain, d, yTrain, o.C, ct);
        var lrScores = logistic.Decision(xTest, nTest, d);
        var mlp = MlpClassifier.Fit(xTrain, nTrain, d, yTrain,
            new MlpRecipe(o.Hidden, o.Epochs, o.BatchSize, o.LearningRate, o.Alpha, (uint)o.Seed), ct);
        var mlpScores = mlp.PredictProbability(xTest, nTest);

        var lrRanks = new MidRanks(lrScores);
        var mlpRanks = new MidRanks(mlpScores);
        var lr = new CriticScore(lrRanks.Auc(yTest), Accuracy(lrScores, yTest, 0));
        var nn = new CriticScore(mlpRanks.Auc(yTest), Accuracy(mlpScores, yTest, 0.5));
        double t = Math.Max(lr.Auc, nn.Auc);
        int above = 0;
        double nullSum = 0;
        var permuted = new byte[nTest];
        for (int b = 0; b < o.Permutations; b++)
        {
            ct.ThrowIfCancellationRequested();
            yTest.CopyTo(permuted, 0);
            rs.Shuffle<byte>(permuted);
            double tb = Math.Max(lrRanks.Auc(permuted), mlpRanks.Auc(permuted));
            nullSum += tb;
            if (tb >= t) above++;
        }
        double p = (1.0 + above) / (1.0 + o.Permutations);
        return new C2stResult(lr, nn, p, o.Permutations > 0 ? nullSum / o.Permutations : double.NaN, nTrain, nTest, testGenerated,
            logistic.Iterations, logistic.Converged, lrScores, mlpScores);
    }

    private static double Accuracy(double[] scores, byte[] y, double threshold)
    {
        int right = 0;
        for (int i = 0; i < y.Length; i++) if ((scores[i] > threshold ? 1 : 0) == y[i]) right++;
        return (double)right / y.Length;
    }

    /// <summary>
    /// Both halves in float64, standardised as StandardScaler does on the training half: mean and population variance
    /// per column (rows summed in split order), scale sqrt(variance), 1 for a constant column.
    /// </summary>
    private static (double[] Train, double[] Test) Standardise(FeatureMatrix real, FeatureMatrix generated, int[] perm, int half, int d)
    {
        int total = perm.Length, nReal = real.Rows;
        var train = new double[(long)half * d];
        var test = new double[(long)(total - half) * d];
        Parallel.For(0, total, Parallelism.Options(), i =>
        {
            int src = perm[i];
            var row = src < nReal ? real.Row(src) : generated.Row(src - nReal);
            var dst = i < half ? train.AsSpan((int)((long)i * d), d) : test.AsSpan((int)((long)(i - half) * d), d);
            for (int j = 0; j < d; j++) dst[j] = row[j];
        });
        var mean = new double[d];
        var scale = new double[d];
        Parallel.For(0, (d + 63) / 64, Parallelism.Options(), cb =>
        {
            int c0 = cb * 64, c1 = Math.Min(d, c0 + 64);
            for (int j = c0; j < c1; j++)
            {
                double s = 0;
                for (int r = 0; r < half; r++) s += train[(long)r * d + j];
                double m = s / half, ss = 0;
                for (int r = 0; r < half; r++) { double e = train[(long)r * d + j] - m; ss += e * e; }
                double v = ss / half;
                // scikit-learn's _is_constant_feature and _handle_zeros_in_scale.
                double bound = half * Eps * v + Math.Pow(half * m * Eps, 2);
                double sd = Math.Sqrt(v);
                mean[j] = m;
                scale[j] = v <= bound || sd < 10 * Eps ? 1 : sd;
            }
        });
        void Apply(double[] x)
        {
            long rows = x.LongLength / Math.Max(d, 1);
            Parallel.For(0L, rows, Parallelism.Options(), r =>
            {
                var row = x.AsSpan((int)(r * d), d);
                for (int j = 0; j < d; j++) row[j] = (row[j] - mean[j]) / scale[j];
            });
        }
        Apply(train);
        Apply(test);
        return (train, test);
    }

    /// <summary>Midranks of a fixed score vector, so the AUC of any labelling is one pass.</summary>
    private sealed class MidRanks
    {
        private readonly double[] _rank;

        public MidRanks(double[] scores)
        {
            int n = scores.Length;
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            var keys = (double[])scores.Clone();
            Array.Sort(keys, order);
            _rank = new double[n];
            for (int i = 0; i < n;)
            {
                int j = i + 1;
                while (j < n && keys[j] == keys[i]) j++;
                double r = (i + 1 + j) / 2.0;
                for (int q = i; q < j; q++) _rank[order[q]] = r;
                i = j;
            }
        }

        /// <summary>(sum of the positives' ranks - n1 (n1 + 1) / 2) / (n1 n0); exact, the ranks being half-integers.</summary>
        public double Auc(byte[] y)
        {
            double sum = 0;
            long n1 = 0;
            for (int i = 0; i < y.Length; i++) if (y[i] == 1) { sum += _rank[i]; n1++; }
            long n0 = y.Length - n1;
            return (sum - n1 * (n1 + 1) / 2.0) / ((double)n1 * n0);
        }
    }
}
