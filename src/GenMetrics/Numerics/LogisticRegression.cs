using System.Numerics;

namespace GenMetrics.Numerics;

/// <summary>
/// L2-regularised binary logistic regression solved to its optimum: scikit-learn's <c>LogisticRegression(C)</c>
/// objective, mean log-loss + ||w||² / (2 C n) with the intercept unpenalised, minimised by L-BFGS (10 pairs, Armijo
/// backtracking from the unit step) until the largest gradient component is at most <see cref="Tolerance"/>.
/// </summary>
/// <remarks>
/// The objective is strictly convex, so the optimum is unique and any solver that reaches it gives the same weights;
/// scikit-learn's default lbfgs stops earlier (its ftol), within about 1e-6 of it. Determinism: the scores X w are one
/// dot per row, Xᵀ r is summed in fixed row blocks added in order, the loss in row order; so the iterates do not depend on the
/// thread count.
/// </remarks>
internal sealed class LogisticRegression
{
    /// <summary>The stopping tolerance on max |gradient| of the mean objective.</summary>
    public const double Tolerance = 1e-10;

    private const int History = 10, MaxIterations = 2000;

    private LogisticRegression(double[] weights, double intercept, int iterations, double gradient)
    {
        Weights = weights;
        Intercept = intercept;
        Iterations = iterations;
        Gradient = gradient;
    }

    /// <summary>The coefficients, one per column.</summary>
    public double[] Weights { get; }

    /// <summary>The intercept.</summary>
    public double Intercept { get; }

    /// <summary>L-BFGS iterations taken.</summary>
    public int Iterations { get; }

    /// <summary>max |gradient| at the end: at most <see cref="Tolerance"/> unless the iteration limit was hit.</summary>
    public double Gradient { get; }

    /// <summary>Whether the gradient reached <see cref="Tolerance"/>.</summary>
    public bool Converged => Gradient <= Tolerance;

    /// <summary>Fits rows of <paramref name="x"/> (row-major, <paramref name="d"/> columns) to labels 0/1.</summary>
    public static LogisticRegression Fit(double[] x, int n, int d, ReadOnlySpan<byte> y, double c, CancellationToken ct = default)
    {
        int p = d + 1;
        var labels = y.ToArray();
        var w = new double[p];
        var g = new double[p];
        var z = new double[n];
        double f = Evaluate(x, n, d, labels, c, w, g, z);
        var s = new double[History][];
        var yy = new double[History][];
        var rho = new double[History];
        for (int i = 0; i < History; i++) { s[i] = new double[p]; yy[i] = new double[p]; }
        var alpha = new double[History];
        var dir = new double[p];
        var wNew = new double[p];
        var gNew = new double[p];
        int stored = 0, next = 0, it = 0;
        double gmax = MaxAbs(g);
        while (gmax > Tolerance && it < MaxIterations)
        {
            ct.ThrowIfCancellationRequested();
            it++;
            // Two-loop recursion: dir = -H g.
            for (int i = 0; i < p; i++) dir[i] = -g[i];
            for (int k = 0; k < stored; k++)
            {
                int j = (next - 1 - k + History) % History;
                alpha[j] = rho[j] * Dot(s[j], dir);
                Axpy(-alpha[j], yy[j], dir);
            }
            double gamma = 1;
            if (stored > 0)
            {
                int last = (next - 1 + History) % History;
                gamma = Dot(s[last], yy[last]) / Dot(yy[last], yy[last]);
            }
            for (int i = 0; i < p; i++) dir[i] *= gamma;
            for (int k = stored - 1; k >= 0; k--)
            {
                int j = (next - 1 - k + History) % History;
                double beta = rho[j] * Dot(yy[j], dir);
                Axpy(alpha[j] - beta, s[j], dir);
            }
            double slope = Dot(g, dir);
            if (!(slope < 0))
            {
                // Not a descent direction (rounding): restart from steepest descent.
                for (int i = 0; i < p; i++) dir[i] = -g[i];
                slope = Dot(g, dir);
                stored = 0;
            }
            double step = stored == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1;
            double fNew = f;
            bool accepted = false;
            for (int tries = 0; tries < 60; tries++)
            {
                for (int i = 0; i < p; i++) wNew[i] = w[i] + step * dir[i];
                fNew = Evaluate(x, n, d, labels, c, wNew, gNew, z);
                // Armijo; or, once f changes by no more than its rounding, Hager and Zhang's approximate Wolfe
                // conditions on the directional derivative, which stay meaningful when f no longer can.
                double slopeNew = Dot(gNew, dir);
                if (fNew <= f + 1e-4 * step * slope ||
                    (fNew <= f + 1e-14 * Math.Abs(f) && slopeNew <= -0.8 * slope && slopeNew >= 0.9 * slope))
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted)
                break; // no acceptable step in float64: the gradient is at its rounding floor
            var sNew = s[next];
            var yNew = yy[next];
            for (int i = 0; i < p; i++) { sNew[i] = wNew[i] - w[i]; yNew[i] = gNew[i] - g[i]; }
            double sy = Dot(sNew, yNew);
            if (sy > 1e-300)
            {
                rho[next] = 1 / sy;
                next = (next + 1) % History;
                stored = Math.Min(stored + 1, History);
            }
            (w, wNew) = (wNew, w);
            (g, gNew) = (gNew, g);
            f = fNew;
            gmax = MaxAbs(g);
        }
        return new LogisticRegression(w[..d], w[d], it, gmax);
    }

    /// <summary>Decision values X w + b of rows of <paramref name="x"/>.</summary>
    public double[] Decision(double[] x, int n, int d)
    {
        var z = new double[n];
        var w = Weights;
        double b = Intercept;
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), blk =>
        {
            int r1 = Math.Min(n, (blk + 1) * 256);
            for (int r = blk * 256; r < r1; r++) z[r] = DotF64.Dot(x.AsSpan(r * d, d), w) + b;
        });
        return z;
    }

    // The mean objective and its gradient at w (w[d] the intercept); z receives the decision values. One pass over X:
    // each row's dot gives its residual, which is added into its row block's partial Xᵀ r while the row is in cache;
    // the partials are summed in block order, so the gradient's bits do not depend on the thread count.
    private static double Evaluate(double[] x, int n, int d, byte[] y, double c, double[] w, double[] g, double[] z)
    {
        const int RowBlock = 256;
        double b = w[d];
        int blocks = (n + RowBlock - 1) / RowBlock;
        var partial = new double[blocks][];
        var residualSum = new double[blocks];
        Parallel.For(0, blocks, Parallelism.Options(), blk =>
        {
            var acc = new double[d];
            double rs = 0;
            int r1 = Math.Min(n, (blk + 1) * RowBlock);
            for (int r = blk * RowBlock; r < r1; r++)
            {
                var row = x.AsSpan(r * d, d);
                double v = DotF64.Dot(row, w.AsSpan(0, d)) + b;
                z[r] = v;
                double residual = Sigmoid(v) - y[r];
                rs += residual;
                AxpyVector(residual, row, acc);
            }
            partial[blk] = acc;
            residualSum[blk] = rs;
        });
        double loss = 0, rsum = 0;
        for (int r = 0; r < n; r++)
        {
            // log(1 + exp(-t z)), t = ±1, without overflow.
            double m = y[r] == 1 ? z[r] : -z[r];
            loss += m > 0 ? Math.Log(1 + Math.Exp(-m)) : -m + Math.Log(1 + Math.Exp(m));
        }
        for (int blk = 0; blk < blocks; blk++) rsum += residualSum[blk];
        double penalty = 1 / (c * n);
        double wsq = 0;
        for (int j = 0; j < d; j++) wsq += w[j] * w[j];
        Array.Clear(g);
        for (int blk = 0; blk < blocks; blk++)
        {
            var acc = partial[blk];
            for (int j = 0; j < d; j++) g[j] += acc[j];
        }
        for (int j = 0; j < d; j++) g[j] = g[j] / n + penalty * w[j];
        g[d] = rsum / n;
        return loss / n + 0.5 * penalty * wsq;
    }

    internal static double Sigmoid(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (var x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }

    // acc += a * x, vectorised; the same operation per element whatever the width, so no order question arises.
    private static void AxpyVector(double a, ReadOnlySpan<double> x, Span<double> acc)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            for (; i + Vector<double>.Count <= x.Length; i += Vector<double>.Count)
                (new Vector<double>(acc[i..]) + va * new Vector<double>(x[i..])).CopyTo(acc[i..]);
        }
        for (; i < x.Length; i++) acc[i] += a * x[i];
    }
}
