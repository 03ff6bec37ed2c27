using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>FLD and its parts.</summary>
/// <param name="Value">(nll - baseline) x 100.</param>
/// <param name="Nll">The mean dimension-adjusted NLL of the test features under the mixture on the generated ones.</param>
/// <param name="Baseline">The same under a mixture on half of the training features, fitted to the other half.</param>
/// <param name="Epochs">Epochs of the fit on the generated centres.</param>
/// <param name="BaselineEpochs">Epochs of the baseline's fit.</param>
/// <param name="Generated">The generated samples used (at most 10000, drawn as fld draws them).</param>
internal sealed record FldResult(double Value, double Nll, double Baseline, int Epochs, int BaselineEpochs, int Generated);

/// <summary>
/// Feature likelihood divergence (Jiralerspong et al. 2023), as marcojira/fld (ffbbf20) <c>FLD("test")</c>
/// computes it: the generated set (at most 10000, a random subset beyond) is the centres of a <see cref="FldMixture"/>
/// fitted to the training features; FLD = 100 x (its mean dimension-adjusted NLL of the test features - the baseline),
/// the baseline being the same with half of the training set (at most as many as the generated samples) as centres
/// fitted to the other half. All features are first z-scored with the test set's mean and standard deviation
/// (ddof 1); the baseline z-scores the already z-scored sets once more, as fld does. fld draws its subsets and
/// shuffles from NumPy's global <c>np.random</c>; here from <c>RandomState(seed)</c> in the same order (generated
/// subset, the fit's shuffle, the baseline's split, its fit's shuffle), so fld run after <c>np.random.seed(seed)</c>
/// makes the same draws.
/// </summary>
internal static class Fld
{
    public const string Key = "fld";
    public const int GenSize = 10000;

    public static FldResult Compute(FeatureMatrix train, FeatureMatrix test, FeatureMatrix generated, long seed)
    {
        var rng = RandomState.FromSeed(seed, "fld_seed");
        if (generated.Rows > GenSize) generated = generated.SelectRows(rng.ChoiceWithoutReplacement(generated.Rows, GenSize));
        var (trainZ, testZ, genZ) = ZScore(train, test, generated);
        var mog = new FldMixture(genZ);
        mog.Fit(trainZ, rng);
        double nll = Mean(mog.DimAdjustedNlls(testZ));

        var (train2, test2, _) = ZScore(trainZ, testZ, trainZ);
        var shuffled = train2.SelectRows(rng.ChoiceWithoutReplacement(train2.Rows, train2.Rows));
        int split = Math.Min(genZ.Rows, shuffled.Rows / 2);
        var baseline = new FldMixture(Rows(shuffled, 0, split));
        baseline.Fit(Rows(shuffled, split, shuffled.Rows - split), rng);
        double baselineNll = Mean(baseline.DimAdjustedNlls(test2));
        return new FldResult((nll - baselineNll) * 100, nll, baselineNll, mog.EpochsRun, baseline.EpochsRun, genZ.Rows);
    }

    private static FeatureMatrix Rows(FeatureMatrix x, int start, int count) =>
        new(x.Memory.Slice(start * x.Columns, count * x.Columns), count, x.Columns, x.Source);

    // (x - mean) / std with the test set's float64 mean and standard deviation (ddof 1), rounded to float32 as fld's tensors are.
    private static (FeatureMatrix Train, FeatureMatrix Test, FeatureMatrix Generated) ZScore(FeatureMatrix train, FeatureMatrix test, FeatureMatrix generated)
    {
        int d = test.Columns, n = test.Rows;
        var mean = new double[d];
        var sq = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = test.Row(i);
            for (int k = 0; k < d; k++) mean[k] += row[k];
        }
        for (int k = 0; k < d; k++) mean[k] /= n;
        for (int i = 0; i < n; i++)
        {
            var row = test.Row(i);
            for (int k = 0; k < d; k++) { double t = row[k] - mean[k]; sq[k] += t * t; }
        }
        var std = new double[d];
        for (int k = 0; k < d; k++)
        {
            std[k] = Math.Sqrt(sq[k] / (n - 1));
            if (!(std[k] > 0)) Internals.Throw.Input($"fld: feature {k} of the test set {test.Source} is constant, so the z-scores fld takes are undefined");
        }
        FeatureMatrix Apply(FeatureMatrix x)
        {
            var z = new float[x.Rows * d];
            var src = x.Span;
            for (int i = 0; i < x.Rows; i++)
                for (int k = 0; k < d; k++) z[i * d + k] = (float)((src[i * d + k] - mean[k]) / std[k]);
            return new FeatureMatrix(z, x.Rows, d, x.Source);
        }
        return (Apply(train), Apply(test), Apply(generated));
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }
}
