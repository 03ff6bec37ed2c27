using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>CAFD and its parts.</summary>
/// <param name="Value">The mean over classes of the per-class Fréchet distances.</param>
/// <param name="PerClass">The Fréchet distance of each class.</param>
/// <param name="RealShares">Each class's share of the summed real probabilities (the repository's <c>softmax</c>).</param>
/// <param name="GeneratedShares">The same for the generated set.</param>
/// <param name="Kl">sum_k P_r(k) log(P_r(k) / P_g(k)) over those shares (0 for a class with P_r(k) = 0).</param>
internal sealed record CafdResult(double Value, double[] PerClass, double[] RealShares, double[] GeneratedShares, double Kl);

/// <summary>
/// Class-aware Fréchet distance (Liu et al. 2018), as B1ueber2y/CAFD <c>cafd.py</c> (729d3c7) computes it:
/// <c>calculate_activation_statistics</c> fits each class k a Gaussian with weights w_i = p_ik / sum_i p_ik (mean
/// sum w_i x_i, covariance sum w_i (x_i - mu)(x_i - mu)^T, no Bessel correction); <c>calculate_CAFD</c> is the mean
/// over the K classes of the Fréchet distances between the real and generated class Gaussians; <c>calculate_kl</c>
/// is KL(P_r || P_g) of the class shares of the summed probabilities.
/// </summary>
/// <remarks>
/// Differences from the repository, all on purpose: tr sqrt(S_r S_g) is exact (as our FID) instead of
/// <c>scipy.linalg.sqrtm</c>; K comes from the probabilities (the repository fixes 10); every sample counts (its
/// <c>get_activations</c> drops the last N mod 50); a class with P_r(k) = 0 adds 0 to the KL (the repository's
/// 0 log 0 is NaN).
/// </remarks>
internal static class Cafd
{
    public const string Key = "cafd", KlKey = "cafd_kl";

    public static CafdResult Compute(FeatureMatrix real, ClassProbabilities realProbs, FeatureMatrix generated, ClassProbabilities generatedProbs)
    {
        if (realProbs.ClassCount != generatedProbs.ClassCount)
            throw new InputException($"cafd: {realProbs.Source} has {realProbs.ClassCount} classes, but {generatedProbs.Source} has {generatedProbs.ClassCount}: both need the same classifier's classes");
        int k = realProbs.ClassCount;
        var (realMass, realShares) = Masses(realProbs);
        var (genMass, genShares) = Masses(generatedProbs);
        var perClass = new double[k];
        for (int c = 0; c < k; c++)
        {
            var r = WeightedGaussian.Fit(real, Weights(realProbs, c, realMass[c]), $"{real.Source} (class {c})");
            var g = WeightedGaussian.Fit(generated, Weights(generatedProbs, c, genMass[c]), $"{generated.Source} (class {c})");
            perClass[c] = Fid.FromStats(r, g);
        }
        double kl = 0;
        for (int c = 0; c < k; c++)
            if (realShares[c] > 0) kl += realShares[c] * Math.Log(realShares[c] / genShares[c]);
        return new CafdResult(perClass.Average(), perClass, realShares, genShares, kl);
    }

    // The summed probability of each class (in row order, as np.sum of a float64 column) and its share of the total.
    private static (double[] Mass, double[] Shares) Masses(ClassProbabilities p)
    {
        int k = p.ClassCount;
        var mass = new double[k];
        for (int i = 0; i < p.Count; i++)
        {
            var row = p.Row(i);
            for (int c = 0; c < k; c++) mass[c] += row[c];
        }
        for (int c = 0; c < k; c++)
            if (!(mass[c] > 0))
                throw new InputException($"{p.Source}: class {c} has no probability on any sample, so its Gaussian (weights p_ik / sum_i p_ik) is undefined");
        double total = mass.Sum();
        return (mass, Array.ConvertAll(mass, m => m / total));
    }

    private static double[] Weights(ClassProbabilities p, int c, double mass)
    {
        var w = new double[p.Count];
        for (int i = 0; i < w.Length; i++) w[i] = p.Row(i)[c] / mass;
        return w;
    }
}
