using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// α-precision, β-recall and authenticity (Alaa, van Breugel, Saveliev and van der Schaar, ICML 2022), as the authors'
/// corrected <c>compute_alpha_precision</c> (ahmedmalaa/evaluating-generative-models, branch DrShushen 937f757,
/// <c>metrics/evaluation.py</c>, <c>alternative_coverage=False</c>) computes them on given features.
/// </summary>
/// <remarks>
/// alphas = linspace(0, 1, 30). α-precision: radii r_α = NumPy quantile (linear) of the real points' distances to the
/// centre c (default: the real mean); P_α = share of generated points with distance to c ≤ r_α. β-recall: for each
/// real point r_i its nearest generated point s(i) and its nearest other real point; with g the generated mean and
/// q_β the quantile of the n distances d(s(i), g), R_β = mean over i of [d(r_i, s(i)) ≤ d(r_i, NN_real(r_i))] ·
/// [d(s(i), g) ≤ q_β]. Scores 1 − 2 Σ_k |curve_k − α_k| (α_1 − α_0). Authenticity: generated point j with nearest
/// reference point a(j) is authentic when d(a(j), NN_ref(a(j))) &lt; d(j, a(j)); the reference set is the training
/// set when given, else the real set.
/// Precision: the reference computes the distances to c in float64 when c is float64 (as passed by our parity
/// script; the authors' <c>np.mean</c> of float32 features is a float32 centre), the nearest-neighbour distances in
/// float64 (sklearn), and d(s(i), g) in float32 (torch, with numpy's float32 mean g); here every distance is computed
/// in float64, and d(s(i), g) is then rounded to float32 and compared in float32 as the reference compares it.
/// The curves are float32 means of masks in the reference (<c>np.mean</c> of a float32 array); they are reproduced
/// as float32 quotients, and the sum as NumPy's pairwise sum, so equal decisions give equal scores to the last bit.
/// The branch <c>main</c> (093910e) and synthcity (<c>eval_statistical.py</c> <c>AlphaPrecision</c>, 23f322f) compute
/// authenticity as <c>real_to_real[real_to_synth_args] &lt; real_to_synth</c>, a mean over real points that indexes
/// the real-to-real distances by generated indices (issues #4 and #5; reproduced by
/// <see cref="AuthenticityRule.MainBranch"/>, not the default); synthcity also integrates as
/// 1 − Σ |curve − α| / Σ α, requires equal set sizes and works in float64 numpy throughout.
/// </remarks>
internal static class AlphaPrecision
{
    /// <summary>JSON key of α-precision.</summary>
    public const string AlphaPrecisionKey = "alpha_precision";
    /// <summary>JSON key of β-recall.</summary>
    public const string BetaRecallKey = "beta_recall";
    /// <summary>JSON key of authenticity.</summary>
    public const string AuthenticityKey = "authenticity";

    /// <summary>Computes the three scores of <paramref name="generated"/>; authenticity against <paramref name="train"/> when given.</summary>
    public static AlphaPrecisionResult Compute(FeatureMatrix real, FeatureMatrix generated, FeatureMatrix? train = null, AlphaPrecisionOptions? options = null) =>
        ComputeAt(real, generated, train, options ?? new AlphaPrecisionOptions(), Simd.Best);

    /// <summary>
    /// As <see cref="Compute(FeatureMatrix, FeatureMatrix, FeatureMatrix?, AlphaPrecisionOptions?)"/> with the training
    /// set's neighbourhood summary already computed (shared with <see cref="Copies.FromNeighbours"/>).
    /// </summary>
    public static AlphaPrecisionResult Compute(FeatureMatrix real, FeatureMatrix generated, TrainingNeighbours trainNeighbours, AlphaPrecisionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainNeighbours);
        if (trainNeighbours.Nearest.Index.Length != generated.Rows)
            Throw.Input($"alpha_precision: the training neighbours are of {trainNeighbours.Nearest.Index.Length} generated points, but {generated.Source} has {generated.Rows}");
        var o = options ?? new AlphaPrecisionOptions();
        if (o.Authenticity != AuthenticityRule.Corrected)
            Throw.Input("alpha_precision: the main branch's authenticity needs the training features, not their neighbours");
        return ComputeAt(real, generated, null, o, Simd.Best, trainNeighbours);
    }

    // realSelfSquared: each real point's squared distance to its nearest other real point, when already known.
    internal static AlphaPrecisionResult ComputeAt(FeatureMatrix real, FeatureMatrix generated, FeatureMatrix? train, AlphaPrecisionOptions o, SimdWidth width,
        TrainingNeighbours? trainNeighbours = null, double[]? realSelfSquared = null)
    {
        var center = Check(real, generated, train, o);
        int n = real.Rows, m = generated.Rows, d = real.Columns;

        // α-precision: the real distances' quantiles against the generated distances to the same centre.
        var inside = PrecisionCounts(RadiiAround(real, center, o.Steps), DistancesTo(generated, center));

        // β-recall: nearest generated point s(i) of each real point, whether it is closer than r_i's nearest real neighbour.
        var realSq = Knn.SquaredNorms(real.Span, n, d, real.Source);
        var genSq = Knn.SquaredNorms(generated.Span, m, d, generated.Source);
        var realSelf = realSelfSquared ?? Knn.KthSquaredDistances(width, real.Memory, n, d, 1, realSq);
        // Without a training set, authenticity needs each generated point's nearest real point: both directions in one pass.
        bool againstTrain = train != null || trainNeighbours != null;
        NearestPoints toSynth, toReal = null!;
        if (!againstTrain) (toSynth, toReal) = Knn.NearestBoth(width, real.Memory, n, generated.Memory, m, d, realSq, genSq);
        else toSynth = Knn.Nearest(width, real.Memory, n, generated.Memory, m, d, realSq, genSq);
        var synthToSynthCenter = DistancesTo(generated, Mean(generated));
        var closestD = new float[n];
        for (int i = 0; i < n; i++) closestD[i] = (float)synthToSynthCenter[toSynth.Index[i]];

        double authenticity;
        if (o.Authenticity == AuthenticityRule.MainBranch)
        {
            authenticity = train == null ? MainBranchAuthenticity(realSelf, toSynth, real, generated)
                : MainBranchAuthenticity(Knn.KthSquaredDistances(width, train.Memory, train.Rows, d, 1),
                    Knn.Nearest(width, train.Memory, train.Rows, generated.Memory, m, d, pointSq: genSq), train, generated);
        }
        else
        {
            authenticity = Authenticity(trainNeighbours ?? (train == null ? new TrainingNeighbours(realSelf, toReal) : TrainingNeighbours.Of(train, generated, width)));
        }
        return FromPoints(o.Steps, inside, m, toSynth.SquaredDistance, closestD, realSelf, authenticity,
            againstTrain ? AuthenticityReference.Train : AuthenticityReference.Real);
    }

    /// <summary>Checks the inputs and options as every computation of the scores does; returns the centre (default: the real mean).</summary>
    internal static double[] Check(FeatureMatrix real, FeatureMatrix generated, FeatureMatrix? train, AlphaPrecisionOptions o)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (generated.Columns != real.Columns) Throw.DimMismatch(generated.Source, generated.Columns, real.Source, real.Columns);
        if (train != null && train.Columns != real.Columns) Throw.DimMismatch(train.Source, train.Columns, real.Source, real.Columns);
        if (o.Steps < 2) Throw.Input($"alpha_precision: {o.Steps} alphas, but at least 2 are needed");
        const string why = "alpha_precision / beta_recall (a nearest other real point per real point)";
        if (real.Rows < 2) Throw.TooFewSamples(real.Source, real.Rows, 2, why);
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "alpha_precision");
        var center = o.Center ?? Mean(real);
        if (center.Length != real.Columns) Throw.Input($"alpha_precision: the centre has {center.Length} values, but the features have d={real.Columns}");
        return center;
    }

    /// <summary>
    /// The reduction behind the three scores, from per-point results (a single run's, or the merged shards' of
    /// <c>eval --shard</c>): <paramref name="inside"/>[k], the generated points within the real α_k-ball of
    /// <see cref="RadiiAround"/>, of <paramref name="generatedCount"/>; per real point i the squared distance to its
    /// nearest generated point s(i), the float32 distance from s(i) to the generated mean, and its own squared
    /// distance to its nearest other real point.
    /// </summary>
    internal static AlphaPrecisionResult FromPoints(int steps, int[] inside, int generatedCount, double[] toSynthSquared, float[] closestD,
        double[] realSelfSquared, double authenticity, AuthenticityReference against)
    {
        int n = closestD.Length;
        var alphas = NumPy.Linspace(0, 1, steps);
        var precision = new double[steps];
        for (int k = 0; k < steps; k++) precision[k] = Float32Mean(inside[k], generatedCount);
        // The reference holds d(s(i), g) as a float32 tensor and compares it with each float64 quantile cast to
        // float32 (torch casts a Python scalar to the tensor's dtype). Kept here: where (n − 1) α is an integer that
        // float64 misses by an ulp (n = 30, α = 28/29 gives 27.999999999999996), the float32 cast makes the quantile
        // equal to the order statistic again and the point counts, as the exact quantile says it should.
        var closer = new bool[n];
        for (int i = 0; i < n; i++) closer[i] = Math.Sqrt(toSynthSquared[i]) <= Math.Sqrt(realSelfSquared[i]);
        var sortedClosest = (float[])closestD.Clone();
        Array.Sort(sortedClosest);
        var recall = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            float radius = (float)NumPy.QuantileLinear(sortedClosest, alphas[k]);
            int count = 0;
            for (int i = 0; i < n; i++) if (closer[i] && closestD[i] <= radius) count++;
            recall[k] = Float32Mean(count, n);
        }
        double step = alphas[1] - alphas[0];
        return new AlphaPrecisionResult(Integrated(precision, alphas, step), Integrated(recall, alphas, step), authenticity,
            alphas, precision, recall, against);
    }

    /// <summary>r_α per α = linspace(0, 1, steps): NumPy's linear quantile of the real points' distances to <paramref name="center"/>.</summary>
    internal static double[] RadiiAround(FeatureMatrix real, double[] center, int steps)
    {
        var alphas = NumPy.Linspace(0, 1, steps);
        var realToCenter = DistancesTo(real, center);
        Array.Sort(realToCenter);
        var radii = new double[steps];
        for (int k = 0; k < steps; k++) radii[k] = NumPy.QuantileLinear(realToCenter, alphas[k]);
        return radii;
    }

    /// <summary>Per radius, how many of the distances lie within it (≤, as the reference).</summary>
    internal static int[] PrecisionCounts(double[] radii, double[] synthToCenter)
    {
        var inside = new int[radii.Length];
        for (int k = 0; k < radii.Length; k++)
            foreach (double v in synthToCenter) if (v <= radii[k]) inside[k]++;
        return inside;
    }

    /// <summary>Share of generated points j with d(a(j), NN(a(j))) &lt; d(j, a(j)), a(j) the nearest reference point (strict, as the authors).</summary>
    public static double Authenticity(TrainingNeighbours t)
    {
        int m = t.Nearest.Index.Length, authentic = 0;
        for (int j = 0; j < m; j++)
            if (Math.Sqrt(t.SelfSquared[t.Nearest.Index[j]]) < Math.Sqrt(t.Nearest.SquaredDistance[j])) authentic++;
        return (double)authentic / m;   // np.mean of a bool array: float64
    }

    /// <summary>
    /// The main branch's authenticity (<see cref="AuthenticityRule.MainBranch"/>): mean over reference points i of
    /// [selfNN(s(i)) &lt; d(i, s(i))], s(i) the index of i's nearest generated point used as a reference index.
    /// </summary>
    private static double MainBranchAuthenticity(double[] selfSquared, NearestPoints toGenerated, FeatureMatrix reference, FeatureMatrix generated)
    {
        if (generated.Rows > reference.Rows)
            Throw.Input($"alpha_precision: the main branch's authenticity indexes {reference.Source}'s {reference.Rows} points by generated indices, " +
                        $"so it needs no more generated points, but {generated.Source} has {generated.Rows}");
        int n = toGenerated.Index.Length, authentic = 0;
        for (int i = 0; i < n; i++)
            if (Math.Sqrt(selfSquared[toGenerated.Index[i]]) < Math.Sqrt(toGenerated.SquaredDistance[i])) authentic++;
        return (double)authentic / n;
    }

    /// <summary>1 − 2 Σ |curve − α| Δα, the sum in NumPy's order (<c>np.sum</c> of the float64 differences).</summary>
    private static double Integrated(double[] curve, double[] alphas, double step)
    {
        var diff = new double[curve.Length];
        for (int k = 0; k < curve.Length; k++) diff[k] = Math.Abs(curve[k] - alphas[k]);
        return 1 - 2 * NumPy.Sum(diff) * step;
    }

    /// <summary>np.mean of a float32 0/1 array of length n holding <paramref name="count"/> ones: float32(count) / float32(n).</summary>
    private static double Float32Mean(int count, int n) => (float)count / (float)n;

    internal static double[] Mean(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        var src = x.Span;
        var sum = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = src.Slice(i * d, d);
            for (int j = 0; j < d; j++) sum[j] += row[j];
        }
        for (int j = 0; j < d; j++) sum[j] /= n;
        return sum;
    }

    /// <summary>Euclidean float64 distance from each row to <paramref name="center"/>.</summary>
    internal static double[] DistancesTo(FeatureMatrix x, double[] center)
    {
        int n = x.Rows, d = x.Columns;
        var r = new double[n];
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), b =>
        {
            var src = x.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++)
                r[i] = Math.Sqrt(KMeans.SquaredDistance(src.Slice(i * d, d), center));
        });
        return r;
    }
}
