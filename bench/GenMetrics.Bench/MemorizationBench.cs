using System.Diagnostics;
using System.Globalization;
using GenMetrics.Formats;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// ct and alpha_precision / beta_recall / authenticity at N = SIZE per set (default 10000), d = 2048, against the
/// references on the same float32 features (bench/python/memorization_ref.py; DGM_EVAL_REPO and AGM_REPO point at
/// checkouts). One timed run each (the references take tens of seconds), after a small warm-up of ours.
/// Usage: <c>-- ct [SIZE [D]]</c>, <c>-- alpha [SIZE [D]]</c>.
/// </summary>
internal abstract class MemorizationBench : IBench
{
    public abstract string Name { get; }

    protected abstract (string Label, string Values) Ours(FeatureMatrix[] sets);

    protected abstract int Sets { get; }

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals(Name, StringComparison.OrdinalIgnoreCase));
        int n = at >= 0 && args.Length > at + 1 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10000;
        int d = at >= 0 && args.Length > at + 2 ? int.Parse(args[at + 2], CultureInfo.InvariantCulture) : 2048;
        // train / test (or real), then generated: a third of the generated rows copy training rows plus small noise.
        var sets = Enumerable.Range(0, Sets).Select(s => BenchFeatures.Create((ulong)(11 + s), n, d, s == Sets - 1 ? 0.02f : 0f)).ToArray();
        var gen = sets[^1].Span.ToArray();
        var src = sets[0].Span;
        for (long i = 0; i < (long)(n / 3) * d; i++) gen[i] = src[(int)i] + 0.05f * gen[i];
        sets[^1] = new FeatureMatrix(gen, n, d, "generated");

        Ours(sets.Select(s => s.SelectRows(Enumerable.Range(0, Math.Min(n, 500)).ToArray())).ToArray());   // JIT warm-up
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var (label, values) = Ours(sets);
        double ours = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        double oursCpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"ours: {ours:F2} s ({oursCpu:F1} CPU s), peak working set {proc.PeakWorkingSet64 / 1e9:F2} GB; {label} = {values}");

        var dir = Path.Combine(Path.GetTempPath(), $"genmetrics-{Name}-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var files = new List<string> { Name };
            for (int s = 0; s < sets.Length; s++)
            {
                string f = Path.Combine(dir, $"{s}.npy");
                Npy.Write(f, sets[s].Span, sets[s].Rows, sets[s].Columns);
                files.Add(f);
            }
            var py = BenchUtil.RunPython("memorization_ref.py", [.. files]).Trim();
            Console.WriteLine("reference: " + py);
            var p = py.Split(' ');
            double theirs = double.Parse(p[0], CultureInfo.InvariantCulture);
            double theirsCpu = double.Parse(p[^2], CultureInfo.InvariantCulture);
            Console.WriteLine($"| {Name} N = {n} per set, d = {d} | {ours:F2} s ({oursCpu:F1} CPU s) | {theirs:F2} s ({theirsCpu:F1} CPU s) | " +
                              $"{theirs / ours:F1}x | ours {values}; reference {string.Join(' ', p[1..^2])}; peak {proc.PeakWorkingSet64 / 1e9:F2} GB vs {p[^1]} GB |");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

internal sealed class CtBench : MemorizationBench
{
    public override string Name => "ct";
    protected override int Sets => 3;

    protected override (string, string) Ours(FeatureMatrix[] s)
    {
        if (Environment.GetEnvironmentVariable("CT_BENCH_PHASES") == "1" && s[0].Rows > 500) Phases(s);
        var r = DataCopying.Compute(s[0], s[1], s[2]);
        return ("C_T", r.Ct.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Times ct's phases separately (PCA fit, projections, k-means, the C_T pass with the cells given).</summary>
    private static void Phases(FeatureMatrix[] s)
    {
        var sw = Stopwatch.StartNew();
        var pca = GenMetrics.Numerics.Pca.Fit(s[0], 64);
        double fit = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var p = s.Select(pca.Project).ToArray();
        double project = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var km = GenMetrics.Numerics.KMeans.Fit(p[0], 3, new GenMetrics.Numerics.RandomState(2020));
        double kmeans = sw.Elapsed.TotalSeconds;
        var cells = new DataCopyingCells(km.Labels, GenMetrics.Numerics.KMeans.Assign(p[1], km.Centers, 3), GenMetrics.Numerics.KMeans.Assign(p[2], km.Centers, 3));
        sw.Restart();
        DataCopying.Compute(p[0], p[1], p[2], new DataCopyingOptions(CellLabels: cells));
        Console.WriteLine($"phases: PCA fit {fit:F2} s, projections {project:F2} s, k-means {kmeans:F2} s ({km.Iterations} iterations in the best restart), C_T pass {sw.Elapsed.TotalSeconds:F2} s");
    }
}

internal sealed class AlphaPrecisionBench : MemorizationBench
{
    public override string Name => "alpha";
    protected override int Sets => 2;

    protected override (string, string) Ours(FeatureMatrix[] s)
    {
        var r = AlphaPrecision.Compute(s[0], s[1]);
        return ("alpha_precision beta_recall authenticity",
            string.Create(CultureInfo.InvariantCulture, $"{r.AlphaPrecision:R} {r.BetaRecall:R} {r.Authenticity:R}"));
    }
}
