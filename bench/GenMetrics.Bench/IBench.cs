using System.Diagnostics;

namespace GenMetrics.Bench;

/// <summary>One benchmark: times GenMetrics and the reference on the same input and prints the ratio.</summary>
internal interface IBench
{
    string Name { get; }
    void Run();
}

internal static class BenchUtil
{
    /// <summary>The best of <paramref name="repeats"/> wall-clock times in seconds, after one warm-up call.</summary>
    public static double Time(Action action, int repeats = 3)
    {
        action();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>The repository root (the folder holding GenMetrics.slnx).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "GenMetrics.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GenMetrics.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Runs a Python reference script from bench/python with Debian's python3 and returns its standard output.
    /// OpenBLAS threads are pinned to 2 so both sides use the same cores. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
    /// which this machine sets for old OpenBLAS builds, are unset for the reference alone: they force the Haswell
    /// kernels and slow a current numpy (with them unset OpenBLAS 0.3.21 picks its Cooperlake/SkylakeX kernels).
    /// </summary>
    public static string RunPython(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoRoot(), "bench", "python", script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OPENBLAS_NUM_THREADS"] = "2";
        psi.Environment.Remove("OPENBLAS_CORETYPE");
        psi.Environment.Remove("OPENBLAS_L2_SIZE");
        psi.Environment["OMP_NUM_THREADS"] = "2";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
