namespace GenMetrics.Numerics;

/// <summary>Which of PyTorch's CPU normal-fill kernels <see cref="TorchGenerator"/> reproduces for float32 tensors.</summary>
internal enum TorchNormalKernel
{
    /// <summary>
    /// <c>normal_fill_AVX2</c>: Box-Muller over blocks of 16 with the Cephes <c>log256_ps</c> / <c>sincos256_ps</c>
    /// polynomials of <c>avx_mathfun.h</c>. What torch 1.13 runs on any x86-64 CPU with AVX2 (its avx512 kernels give
    /// the same draws).
    /// </summary>
    Avx2 = 0,

    /// <summary>
    /// The scalar <c>normal_fill</c>: the same Box-Muller blocks with the C library's <c>logf</c>, <c>cosf</c>,
    /// <c>sinf</c> (torch with <c>ATEN_CPU_CAPABILITY=default</c>, and CPUs without AVX2). Equal to torch where .NET's
    /// MathF calls the same C library (glibc on Linux).
    /// </summary>
    Scalar = 1,
}

/// <summary>
/// PyTorch's CPU generator (<c>torch.Generator().manual_seed(seed)</c>, <c>at::CPUGeneratorImpl</c>) and the
/// samplers metrics use from it: <c>torch.randperm</c> and <c>torch.randn</c> in float32 and float64, draw for draw.
/// </summary>
/// <remarks>
/// From torch 1.13 (<c>ATen/core/MT19937RNGEngine.h</c>, <c>CPUGeneratorImpl.cpp</c>, <c>core/DistributionsHelper.h</c>,
/// <c>core/TransformationHelper.h</c>, <c>native/cpu/DistributionTemplates.h</c>, <c>native/TensorFactories.cpp</c>):
/// <list type="bullet">
/// <item><c>manual_seed(s)</c> seeds <c>at::mt19937</c> with the low 32 bits of s by MT's <c>init_genrand</c>: the
/// same engine and seeding as NumPy's legacy <see cref="RandomState"/>, so the raw 32-bit stream is shared.</item>
/// <item><c>random()</c> is one 32-bit output; <c>random64()</c> is two, the first as the high half.</item>
/// <item>A float uniform is <c>(random() &amp; 2^24 − 1) · 2^−24</c>; a double one <c>(random64() &amp; 2^53 − 1) · 2^−53</c>.</item>
/// </list>
/// Checked against Debian's torch 1.13.1 (tests/fixtures/torch_rng, parity/make_torch_rng_fixtures.py).
/// Not thread-safe: one instance per sequence of draws.
/// </remarks>
internal sealed partial class TorchGenerator
{
    /// <summary>torch &gt;= 2.1 switches <c>randperm</c> to a 64-bit inside-out shuffle from this n on (1.13 never does).</summary>
    public const int RandPermClassicLimit = (int)(uint.MaxValue / 20);

    private readonly RandomState _engine;
    private double? _nextDoubleNormal;

    /// <summary>Like <c>torch.Generator().manual_seed(seed)</c>: only the low 32 bits of the seed matter (any long is accepted, as torch does).</summary>
    public TorchGenerator(long seed, TorchNormalKernel kernel = TorchNormalKernel.Avx2)
    {
        _engine = new RandomState((uint)(seed & 0xFFFFFFFF));
        Kernel = kernel;
    }

    /// <summary>The float32 normal-fill kernel reproduced.</summary>
    public TorchNormalKernel Kernel { get; }

    /// <summary><c>random()</c>: the next 32-bit output of the engine.</summary>
    public uint Random() => _engine.NextUInt32();

    /// <summary><c>random64()</c>: two outputs, the first as the high 32 bits.</summary>
    public ulong Random64()
    {
        ulong hi = _engine.NextUInt32();
        return (hi << 32) | _engine.NextUInt32();
    }

    /// <summary><c>uniform_real_distribution&lt;float&gt;(0, 1)</c>: 24 random bits.</summary>
    public float UniformFloat() => (Random() & 0xFFFFFF) * (1.0f / 16777216f);

    /// <summary><c>uniform_real_distribution&lt;double&gt;(0, 1)</c>: 53 random bits.</summary>
    public double UniformDouble() => (Random64() & ((1UL << 53) - 1)) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// <c>torch.randperm(n, generator=g)</c> on the CPU: <c>arange(n)</c>, then for i = 0 .. n − 2 swap item i with item
    /// i + <c>random() % (n − i)</c>; n − 1 draws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, or so large (≥ <see cref="RandPermClassicLimit"/>)
    /// that torch &gt;= 2.1 would use its other algorithm.</exception>
    public int[] RandPerm(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n >= RandPermClassicLimit)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"torch >= 2.1 permutes {RandPermClassicLimit} or more items differently");
        var r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        for (int i = 0; i < n - 1; i++)
        {
            int z = (int)(Random() % (uint)(n - i));
            (r[i], r[z + i]) = (r[z + i], r[i]);
        }
        return r;
    }

    /// <summary>
    /// <c>normal_distribution&lt;double&gt;</c> as the serial kernel draws it (tensors under 16 elements or not contiguous):
    /// Box-Muller on two double uniforms u1, u2 with r = sqrt(−2 log(1 − u2)), θ = 2π u1; returns r cos θ and keeps
    /// r sin θ for the next call (the generator's <c>next_double_normal_sample</c>).
    /// </summary>
    public double NormalDouble()
    {
        if (_nextDoubleNormal is { } cached)
        {
            _nextDoubleNormal = null;
            return Affine(cached);
        }
        double u1 = UniformDouble();
        double u2 = UniformDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        _nextDoubleNormal = r * Math.Sin(theta);
        return Affine(r * Math.Cos(theta));
    }

    /// <summary><c>transformation::normal(v, mean = 0, std = 1)</c> = v · 1 + 0 (which turns −0 into +0).</summary>
    private static double Affine(double v) => v * 1.0 + 0.0;
}
