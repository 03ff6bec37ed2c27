namespace GenMetrics.Numerics;

/// <summary>The training recipe of <see cref="MlpClassifier"/>: scikit-learn's <c>MLPClassifier</c> arguments of the same names.</summary>
/// <param name="Hidden">Units of the one ReLU hidden layer (<c>hidden_layer_sizes=(Hidden,)</c>).</param>
/// <param name="Epochs">Passes over the training rows (<c>max_iter</c>, no early stop).</param>
/// <param name="BatchSize">Rows per Adam step, in order (<c>batch_size</c>, <c>shuffle=False</c>); the last batch may be short.</param>
/// <param name="LearningRate"><c>learning_rate_init</c> of Adam.</param>
/// <param name="Alpha">The L2 penalty <c>alpha</c>.</param>
/// <param name="Seed">The seed of NumPy's RandomState that draws the Glorot-uniform initial weights (<c>random_state</c>).</param>
internal sealed record MlpRecipe(int Hidden, int Epochs, int BatchSize, double LearningRate, double Alpha, uint Seed);

/// <summary>
/// A binary classifier with one ReLU hidden layer and a logistic output, trained as scikit-learn 1.2's
/// <c>MLPClassifier(solver="adam", shuffle=False)</c> trains it: Glorot-uniform initial weights drawn by
/// <c>RandomState(seed).uniform</c> (W1, b1, W2, b2 in that order, bound sqrt(6 / (fan_in + fan_out))); per batch of
/// B rows the gradient of the mean log-loss plus alpha ||W||² / (2 B) (biases unpenalised); Adam with beta1 0.9,
/// beta2 0.999, epsilon 1e-8 and the bias-corrected step lr sqrt(1 - beta2^t) / (1 - beta1^t).
/// </summary>
/// <remarks>
/// The products run on <see cref="GemmF64"/> (every element summed by one task in a fixed order) and the bias
/// gradients sum rows in order, so training gives the same bits at any thread count. Against scikit-learn the only
/// differences are the BLAS's summation orders: about 1e-12 relative after hundreds of steps on the parity sets.
/// </remarks>
internal sealed class MlpClassifier
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly int _d, _h;
    private readonly double[] _w1, _b1, _w2;
    private double _b2;

    private MlpClassifier(int d, int h, uint seed)
    {
        _d = d;
        _h = h;
        var rs = new RandomState(seed);
        double bound1 = Math.Sqrt(6.0 / (d + h)), bound2 = Math.Sqrt(6.0 / (h + 1));
        _w1 = Uniform(rs, bound1, (long)d * h);
        _b1 = Uniform(rs, bound1, h);
        _w2 = Uniform(rs, bound2, h);
        _b2 = Uniform(rs, bound2, 1)[0];
    }

    // RandomState.uniform(-bound, bound, n): low + (high - low) * random_sample().
    private static double[] Uniform(RandomState rs, double bound, long n)
    {
        var v = new double[n];
        double low = -bound, range = bound - low;
        for (long i = 0; i < n; i++) v[i] = low + range * rs.NextDouble();
        return v;
    }

    /// <summary>Trains on rows of <paramref name="x"/> (row-major, <paramref name="d"/> columns) with labels 0/1.</summary>
    public static MlpClassifier Fit(double[] x, int n, int d, ReadOnlySpan<byte> y, MlpRecipe recipe, CancellationToken ct = default)
    {
        var model = new MlpClassifier(d, recipe.Hidden, recipe.Seed);
        model.Train(x, n, y.ToArray(), recipe, ct);
        return model;
    }

    private void Train(double[] x, int n, byte[] y, MlpRecipe recipe, CancellationToken ct)
    {
        int d = _d, h = _h, bMax = Math.Min(recipe.BatchSize, n);
        var a1 = new double[bMax * h];
        var delta1 = new double[bMax * h];
        var out2 = new double[bMax];
        var gW1 = new double[(long)d * h];
        var gB1 = new double[h];
        var gW2 = new double[h];
        var mW1 = new double[gW1.Length]; var vW1 = new double[gW1.Length];
        var mB1 = new double[h]; var vB1 = new double[h];
        var mW2 = new double[h]; var vW2 = new double[h];
        double mB2 = 0, vB2 = 0;
        long t = 0;
        double alpha = recipe.Alpha;
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            for (int start = 0; start < n; start += bMax)
            {
                ct.ThrowIfCancellationRequested();
                int b = Math.Min(bMax, n - start);
                var xb = x.AsSpan(start * d, b * d);
                Hidden(xb, b, a1);
                for (int i = 0; i < b; i++)
                {
                    double z = DotF64.Dot(a1.AsSpan(i * h, h), _w2) + _b2;
                    out2[i] = 1 / (1 + Math.Exp(-z));
                }
                // Output layer: delta = p - y; gW2 = (A1ᵀ delta + alpha W2) / B; gb2 = mean(delta).
                double sumDelta = 0;
                for (int i = 0; i < b; i++) { out2[i] -= y[start + i]; sumDelta += out2[i]; }
                Array.Clear(gW2);
                for (int i = 0; i < b; i++)
                {
                    double di = out2[i];
                    for (int k = 0; k < h; k++) gW2[k] += a1[i * h + k] * di;
                }
                for (int k = 0; k < h; k++) gW2[k] = (gW2[k] + alpha * _w2[k]) / b;
                double gB2 = sumDelta / b;
                // Hidden layer: delta1 = delta wᵀ, zero where the ReLU was off.
                for (int i = 0; i < b; i++)
                    for (int k = 0; k < h; k++)
                        delta1[i * h + k] = a1[i * h + k] == 0 ? 0 : out2[i] * _w2[k];
                Array.Clear(gW1);
                // gW1 = Xbᵀ delta1: A(j, r) = xb[r * d + j], B(r, k) = delta1[r * h + k].
                GemmF64.Multiply(d, h, b, 1.0, xb, 1, d, delta1, h, 1, gW1, h);
                for (long j = 0; j < gW1.Length; j++) gW1[j] = (gW1[j] + alpha * _w1[j]) / b;
                Array.Clear(gB1);
                for (int i = 0; i < b; i++)
                    for (int k = 0; k < h; k++) gB1[k] += delta1[i * h + k];
                for (int k = 0; k < h; k++) gB1[k] /= b;
                // Adam.
                t++;
                double lr = recipe.LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
                Adam(_w1, gW1, mW1, vW1, lr);
                Adam(_b1, gB1, mB1, vB1, lr);
                Adam(_w2, gW2, mW2, vW2, lr);
                mB2 = Beta1 * mB2 + (1 - Beta1) * gB2;
                vB2 = Beta2 * vB2 + (1 - Beta2) * (gB2 * gB2);
                _b2 += -lr * mB2 / (Math.Sqrt(vB2) + Epsilon);
            }
        }
    }

    private static void Adam(double[] p, double[] g, double[] m, double[] v, double lr)
    {
        for (long i = 0; i < p.Length; i++)
        {
            m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
            v[i] = Beta2 * v[i] + (1 - Beta2) * (g[i] * g[i]);
            p[i] += -lr * m[i] / (Math.Sqrt(v[i]) + Epsilon);
        }
    }

    // a1 = relu(xb W1 + b1) for b rows.
    private void Hidden(ReadOnlySpan<double> xb, int b, double[] a1)
    {
        int h = _h;
        Array.Clear(a1, 0, b * h);
        GemmF64.Multiply(b, h, _d, 1.0, xb, _d, 1, _w1, h, 1, a1, h);
        for (int i = 0; i < b; i++)
            for (int k = 0; k < h; k++)
            {
                double v = a1[i * h + k] + _b1[k];
                a1[i * h + k] = v > 0 ? v : 0;
            }
    }

    /// <summary>The probability of label 1 for rows of <paramref name="x"/>.</summary>
    public double[] PredictProbability(double[] x, int n)
    {
        int h = _h, d = _d;
        var p = new double[n];
        const int Block = 512;
        var a1 = new double[Math.Min(Block, Math.Max(n, 1)) * h];
        for (int start = 0; start < n; start += Block)
        {
            int b = Math.Min(Block, n - start);
            Hidden(x.AsSpan(start * d, b * d), b, a1);
            for (int i = 0; i < b; i++)
                p[start + i] = 1 / (1 + Math.Exp(-(DotF64.Dot(a1.AsSpan(i * h, h), _w2) + _b2)));
        }
        return p;
    }
}
