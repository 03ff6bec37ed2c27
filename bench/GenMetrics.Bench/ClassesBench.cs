using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Reports;

namespace GenMetrics.Bench;

/// <summary>
/// Issue 10's class-aware metrics against their references on the same inputs (bench/python/classes_ref.py, Debian's
/// numpy/scipy/scikit-learn on OpenBLAS with 2 threads, torch with 2 threads):
/// <list type="bullet">
/// <item><c>fpc</c>: fid_per_class and modes (both sides labelled, so modes' per-class FIDs too) at N = M = 50000
/// (BENCH_CLASSES_N), d = 2048, 10 classes, against per-class numpy covariances + pytorch-fid's sqrtm formula;</item>
/// <item><c>knn</c>: modes' 10-NN vote of 10000 unlabelled generated samples over 10000 labelled real ones (d = 2048)
/// against scikit-learn's brute-force KNeighborsClassifier;</item>
/// <item><c>c2st</c>: N = M = 10000, d = 2048, against the scikit-learn recipe (default lbfgs);</item>
/// <item><c>fld</c>: train 10000, test 10000, generated 10000, d = 2048, against fld's own compute_metric (FLD_DIR,
/// default /tmp/i10/fld);</item>
/// <item><c>parzen</c>: the 10000 Fashion-MNIST test images under a window on 10000 train images, pixels (d = 784, in
/// [0, 1], Debian's dataset-fashion-mnist), sigma 0.2, against numpy: the script's broadcast form on 1000 rows and a
/// GEMM form on all.</item>
/// </list>
/// Usage: <c>-- classes [fpc|knn|c2st|fld|parzen ...]</c> (all by default).
/// </summary>
internal sealed class ClassesBench : IBench
{
    public string Name => "classes";

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals("classes", StringComparison.OrdinalIgnoreCase));
        var parts = at >= 0 ? args.Skip(at + 1).Select(a => a.ToLowerInvariant()).ToHashSet() : [];
        bool All(string p) => parts.Count == 0 || parts.Contains(p);
        var dir = Path.Combine(Path.GetTempPath(), "genmetrics-classes-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            if (All("fpc")) PerClass(dir);
            if (All("knn")) KnnVote(dir);
            if (All("c2st")) C2stPart(dir);
            if (All("fld")) FldPart(dir);
            if (All("parzen")) ParzenPart(dir);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (double Wall, double Cpu) Measure(Action action)
    {
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        double wall = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        return (wall, (proc.TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static string[] Py(params string[] args)
    {
        var line = BenchUtil.RunPython("classes_ref.py", args).Trim();
        Console.WriteLine($"  reference: {line}");
        return line.Split(' ');
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string Save(string dir, string name, FeatureMatrix m)
    {
        var path = Path.Combine(dir, name);
        Npy.Write(path, m.Span, m.Rows, m.Columns);
        return path;
    }

    // Labels as a float64 vector: numpy compares them with == as it would integers.
    private static string SaveLabels(string dir, string name, int[] labels)
    {
        var path = Path.Combine(dir, name);
        Npy.Write(path, labels.Select(v => (double)v).ToArray(), labels.Length);
        return path;
    }

    private static void PerClass(string dir)
    {
        int n = BenchFeatures.Env("BENCH_CLASSES_N", 50000);
        const int d = 2048, k = 10;
        var real = BenchFeatures.Create(31, n, d);
        var fake = BenchFeatures.Create(32, n, d, shift: 0.02f);
        var lr = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var lf = Enumerable.Range(0, n).Select(i => (i * 7 + 3) % k).ToArray();
        var set = new EvaluationSet
        {
            Real = FeatureSet.FromFeatures(real), Generated = FeatureSet.FromFeatures(fake),
            RealLabels = ClassLabels.FromNames([.. lr.Select(v => v.ToString(CultureInfo.InvariantCulture))]),
            GeneratedLabels = ClassLabels.FromNames([.. lf.Select(v => v.ToString(CultureInfo.InvariantCulture))]),
        };
        EvaluationResult r = null!, m = null!;
        var fpc = Measure(() => r = Evaluator.Evaluate(set, "fid_per_class"));
        var modes = Measure(() => m = Evaluator.Evaluate(set, "modes"));
        Console.WriteLine($"  ours: fid_per_class {fpc.Wall:F2} s ({fpc.Cpu:F1} CPU s) = {r["fid_per_class"]:R}; modes {modes.Wall:F2} s ({modes.Cpu:F1} CPU s)");
        var f = Py("fpc", Save(dir, "real.npy", real), Save(dir, "fake.npy", fake), SaveLabels(dir, "lr.npy", lr), SaveLabels(dir, "lf.npy", lf));
        double rel = Math.Abs(D(f[3]) - r["fid_per_class"]!.Value) / D(f[3]);
        Console.WriteLine($"| fid_per_class N=M={n} d={d}, 10 classes | {fpc.Wall:F2} s, {fpc.Cpu:F1} CPU s | numpy cov + pytorch-fid sqrtm per class: {D(f[0]):F2} s, {D(f[1]):F1} CPU s, peak {f[2]} GB | **{D(f[0]) / fpc.Wall:F1}x** | mean FID equal to {rel:E1} |");
        Console.WriteLine($"| modes (labels on both sides, per-class FIDs) N=M={n} d={d} | {modes.Wall:F2} s, {modes.Cpu:F1} CPU s | (the same per-class FIDs) | **{D(f[0]) / modes.Wall:F1}x** | |");
    }

    private static void KnnVote(string dir)
    {
        const int n = 10000, d = 2048, k = 10;
        var real = BenchFeatures.Create(41, n, d);
        var fake = BenchFeatures.Create(42, n, d);
        var lr = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        var set = new EvaluationSet
        {
            Real = FeatureSet.FromFeatures(real), Generated = FeatureSet.FromFeatures(fake),
            RealLabels = ClassLabels.FromNames([.. lr.Select(v => v.ToString(CultureInfo.InvariantCulture))]),
        };
        var metric = MetricRegistry.Default.Get("modes").Create(new Dictionary<string, object> { ["mode_no_fid"] = true });
        var t = Measure(() => Evaluator.Evaluate(set, [metric]));
        Console.WriteLine($"  ours: {t.Wall:F2} s ({t.Cpu:F1} CPU s)");
        var f = Py("knn", Save(dir, "real.npy", real), Save(dir, "fake.npy", fake), SaveLabels(dir, "lr.npy", lr), "10");
        Console.WriteLine($"| modes 10-NN vote, 10000 over 10000 labelled, d={d} | {t.Wall:F2} s, {t.Cpu:F1} CPU s | scikit-learn KNeighborsClassifier(10, brute).predict: {D(f[0]):F2} s, {D(f[1]):F1} CPU s, peak {f[2]} GB | **{D(f[0]) / t.Wall:F1}x** | |");
    }

    private static void C2stPart(string dir)
    {
        const int n = 10000, d = 2048;
        var real = BenchFeatures.Create(51, n, d);
        var fake = BenchFeatures.Create(52, n, d, shift: 0.01f, factor: 0.55f);
        C2stResult r = null!;
        var t = Measure(() => r = C2st.Compute(real, fake, new C2stOptions()));
        Console.WriteLine($"  ours: {t.Wall:F2} s ({t.Cpu:F1} CPU s): logistic auc {r.Logistic.Auc:F4} ({r.LogisticIterations} iterations), mlp auc {r.Mlp.Auc:F4}, p {r.P:F4}");
        // The critics alone on the first 5000 rows of each set (unstandardised), to see where the time goes.
        var x = new double[(long)n * d];
        var y = new byte[n];
        for (int i = 0; i < n; i++)
        {
            var row = i % 2 == 0 ? real.Row(i / 2) : fake.Row(i / 2);
            for (int j = 0; j < d; j++) x[(long)i * d + j] = row[j];
            y[i] = (byte)(i % 2);
        }
        Numerics.LogisticRegression lrm = null!;
        var tl = Measure(() => lrm = Numerics.LogisticRegression.Fit(x, n, d, y, 1.0));
        var tm = Measure(() => Numerics.MlpClassifier.Fit(x, n, d, y, new Numerics.MlpRecipe(64, 20, 256, 1e-3, 1e-4, 0)));
        Console.WriteLine($"  critics alone: logistic {tl.Wall:F2} s ({lrm.Iterations} iterations), mlp {tm.Wall:F2} s");
        var f = Py("c2st", Save(dir, "real.npy", real), Save(dir, "fake.npy", fake), "0");
        Console.WriteLine($"| c2st N=M={n} d={d} (100 permutations) | {t.Wall:F2} s, {t.Cpu:F1} CPU s | scikit-learn recipe (lbfgs default tol, MLP 20 epochs): {D(f[0]):F2} s, {D(f[1]):F1} CPU s, peak {f[2]} GB (logistic {f[4]} s, MLP {f[5]} s, permutations {f[6]} s) | **{D(f[0]) / t.Wall:F1}x** | max AUC {r.Best.Auc:F4} vs {D(f[3]):F4}, p {r.P:F4} vs {f[7]} |");
    }

    private static void FldPart(string dir)
    {
        const int n = 10000, d = 2048;
        var train = BenchFeatures.Create(61, n, d);
        var test = BenchFeatures.Create(62, n, d);
        var gen = BenchFeatures.Create(63, n, d, shift: 0.05f);
        FldResult r = null!;
        var t = Measure(() => r = Fld.Compute(train, test, gen, 0));
        Console.WriteLine($"  ours: {t.Wall:F2} s ({t.Cpu:F1} CPU s): fld {r.Value:R}");
        string fldDir = Environment.GetEnvironmentVariable("FLD_DIR") ?? "/tmp/i10/fld";
        var f = Py("fld", Save(dir, "train.npy", train), Save(dir, "test.npy", test), Save(dir, "gen.npy", gen), fldDir);
        double rel = Math.Abs(D(f[3]) - r.Value) / Math.Abs(D(f[3]));
        Console.WriteLine($"| fld train=test=gen={n} d={d} | {t.Wall:F2} s, {t.Cpu:F1} CPU s | fld compute_metric (torch 1.13, float32, 2 threads): {D(f[0]):F2} s, {D(f[1]):F1} CPU s, peak {f[2]} GB | **{D(f[0]) / t.Wall:F1}x** | equal to {rel:E1} (float64 vs its float32) |");
    }

    private static FeatureMatrix FashionPixels(string file, int rows)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine("/usr/share/datasets/fashion-mnist", file)), CompressionMode.Decompress);
        var header = new byte[16];
        gz.ReadExactly(header);
        var bytes = new byte[rows * 784];
        gz.ReadExactly(bytes);
        return new FeatureMatrix(bytes.Select(b => b / 255f).ToArray(), rows, 784, file);
    }

    private static void ParzenPart(string dir)
    {
        const int n = 10000;
        const double sigma = 0.2;
        var test = FashionPixels("t10k-images-idx3-ubyte.gz", n);
        var train = FashionPixels("train-images-idx3-ubyte.gz", n);
        var set = new EvaluationSet { Real = FeatureSet.FromFeatures(test), Generated = FeatureSet.FromFeatures(train) };
        EvaluationResult r = null!;
        var t = Measure(() => r = Evaluator.Evaluate(set, [new ParzenMetric(new ParzenOptions(Sigma: sigma))]));
        Console.WriteLine($"  ours: {t.Wall:F2} s ({t.Cpu:F1} CPU s): parzen_ll {r["parzen_ll"]:R}");
        var f = Py("parzen", Save(dir, "test.npy", test), Save(dir, "train.npy", train), sigma.ToString(CultureInfo.InvariantCulture), "1000");
        double script = D(f[0]) * n / 1000, gemm = D(f[4]);
        double rel = Math.Abs(D(f[5]) - r["parzen_ll"]!.Value) / Math.Abs(D(f[5]));
        Console.WriteLine($"| parzen_ll 10000 x 10000 Fashion-MNIST pixels (d=784), sigma {sigma} | {t.Wall:F2} s, {t.Cpu:F1} CPU s | numpy GEMM form: {gemm:F2} s; the script's broadcast form: {D(f[0]):F1} s for 1000 rows (x10 = {script:F0} s) | **{gemm / t.Wall:F1}x** (script form {script / t.Wall:F0}x) | LL equal to {rel:E1} |");
    }
}
