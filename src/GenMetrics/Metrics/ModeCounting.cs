using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>How the generated samples got their classes.</summary>
internal enum ModeAssignment
{
    /// <summary>Generated labels were given.</summary>
    Labels,

    /// <summary>A vote of the k nearest labelled real samples.</summary>
    KnnVote,

    /// <summary>No labels: modes are k-means cells of the real features; generated samples go to the nearest centre.</summary>
    KMeans,
}

/// <summary>One class of a mode count.</summary>
internal sealed record ModeClass(string Name, int RealCount, int GeneratedCount, double RealShare, double GeneratedShare, bool Dropped, double? Fid);

/// <summary>A mode count: the classes (sorted), how generated samples were assigned, and the summary values.</summary>
internal sealed record ModeCountingResult(IReadOnlyList<ModeClass> Classes, ModeAssignment Assignment, int Covered, double Kl,
    int GeneratedOutside, IReadOnlyList<string> OutsideClasses)
{
    public int Total => Classes.Count;

    public IReadOnlyList<string> Dropped => [.. Classes.Where(c => c.Dropped).Select(c => c.Name)];
}

/// <summary>
/// Mode counting: the class histogram of the generated set against the real one. A class is dropped when its
/// generated share is below threshold x its real share; KL(real || generated) over the real classes, generated shares
/// floored at 1e-12.
/// </summary>
internal static class ModeCounting
{
    public const string TotalKey = "modes_total", CoveredKey = "modes_covered", KlKey = "mode_kl";

    /// <summary>The floor of a generated share in the KL divergence (a dropped class would make it infinite).</summary>
    public const double ShareFloor = 1e-12;

    public static ModeCountingResult Compute(FeatureMatrix real, ClassLabels? realLabels, FeatureMatrix generated, ClassLabels? generatedLabels,
        ModesOptions options, string? realSource = null)
    {
        realSource ??= real.Source;
        IReadOnlyList<string> classes;
        int[] realCodes, genCodes;
        ModeAssignment how;
        var outside = new List<string>();
        if (realLabels is null)
        {
            if (generatedLabels is not null)
                throw new InputException($"modes: the generated samples have labels ({generatedLabels.Source}) but the real ones have none: give the real set's labels too (the 'real_labels' setting)");
            if (real.Rows < options.Modes)
                Internals.Throw.TooFewSamples(realSource, real.Rows, options.Modes, $"k-means with {options.Modes} modes (the 'modes' setting)");
            var fit = KMeans.Fit(real, options.Modes, RandomState.FromSeed(options.Seed, "mode_seed"), options.Restarts);
            realCodes = fit.Labels;
            genCodes = KMeans.Assign(generated, fit.Centers, fit.K);
            classes = [.. Enumerable.Range(0, fit.K).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            how = ModeAssignment.KMeans;
        }
        else
        {
            classes = realLabels.Classes;
            realCodes = realLabels.Codes.ToArray();
            if (generatedLabels is not null)
            {
                genCodes = ClassRows.CodesIn(generatedLabels, classes);
                outside.AddRange(generatedLabels.Classes.Where(c => !classes.Contains(c)));
                how = ModeAssignment.Labels;
            }
            else
            {
                if (real.Rows < options.K)
                    Internals.Throw.TooFewSamples(realSource, real.Rows, options.K, $"a vote of the {options.K} nearest real samples (the 'mode_k' setting)");
                genCodes = KnnVote(real, realCodes, classes.Count, generated, options.K);
                how = ModeAssignment.KnnVote;
            }
        }
        return Summarise(real, realCodes, generated, genCodes, classes, how, outside, options);
    }

    /// <summary>
    /// Each generated sample's class by a majority vote of its k nearest real samples (Euclidean, exact float64
    /// distances, the lower index first at equal distance); a tie between classes goes to the first in class order,
    /// as scikit-learn's <c>KNeighborsClassifier(n_neighbors=k).predict</c>.
    /// </summary>
    public static int[] KnnVote(FeatureMatrix real, int[] realCodes, int classCount, FeatureMatrix generated, int k)
    {
        int n = generated.Rows, d = real.Columns;
        var nearest = Knn.NearestIndices(Simd.Best, generated.Memory, n, real.Memory, real.Rows, d, k);
        var codes = new int[n];
        Parallel.For(0, (n + 1023) / 1024, Parallelism.Options(), b =>
        {
            var votes = new int[classCount];
            for (int i = b * 1024, end = Math.Min(n, i + 1024); i < end; i++)
            {
                Array.Clear(votes);
                for (int t = 0; t < k; t++) votes[realCodes[nearest[i * k + t]]]++;
                int best = 0;
                for (int c = 1; c < classCount; c++) if (votes[c] > votes[best]) best = c;
                codes[i] = best;
            }
        });
        return codes;
    }

    private static ModeCountingResult Summarise(FeatureMatrix real, int[] realCodes, FeatureMatrix generated, int[] genCodes,
        IReadOnlyList<string> classNames, ModeAssignment how, List<string> outside, ModesOptions options)
    {
        int k = classNames.Count;
        var realRows = ClassRows.Of(realCodes, k);
        var genRows = ClassRows.Of(genCodes, k);
        int genOutside = 0;
        foreach (var c in genCodes) if (c < 0) genOutside++;
        double nr = real.Rows, ng = generated.Rows;
        var classes = new ModeClass[k];
        for (int c = 0; c < k; c++)
        {
            double pr = realRows[c].Length / nr, pg = genRows[c].Length / ng;
            bool dropped = pg < options.Threshold * pr;
            double? fid = options.PerClassFid && realRows[c].Length >= 2 && genRows[c].Length >= 2
                ? Fid.Compute(real.SelectRows(realRows[c]), generated.SelectRows(genRows[c]))
                : null;
            classes[c] = new ModeClass(classNames[c], realRows[c].Length, genRows[c].Length, pr, pg, dropped, fid);
        }
        double kl = 0;
        foreach (var c in classes)
            if (c.RealShare > 0) kl += c.RealShare * Math.Log(c.RealShare / Math.Max(c.GeneratedShare, ShareFloor));
        int covered = classes.Count(c => !c.Dropped);
        return new ModeCountingResult(classes, how, covered, kl, genOutside, outside);
    }
}
