namespace GenMetrics.Numerics;

internal sealed partial class TorchGenerator
{
    /// <summary>Below this many elements torch draws each normal on its own (<see cref="NormalDouble"/>).</summary>
    public const int VectorisedFillMinimum = 16;

    /// <summary>
    /// <c>torch.randn(..., dtype=torch.float32, generator=g)</c> of <paramref name="values"/>.Length elements
    /// (<c>normal_kernel</c>): under 16 elements each value is a float-cast <see cref="NormalDouble"/>; otherwise the
    /// block fill of <see cref="Kernel"/>.
    /// </summary>
    public void Randn(Span<float> values)
    {
        if (values.Length < VectorisedFillMinimum)
        {
            for (int i = 0; i < values.Length; i++) values[i] = (float)NormalDouble();
            return;
        }
        for (int i = 0; i < values.Length; i++) values[i] = UniformFloat();
        FillBlocks(values);
        if (values.Length % 16 != 0)
        {
            // torch redraws the last 16 values (their uniforms are replaced, partly already transformed ones included).
            var tail = values[^16..];
            for (int i = 0; i < 16; i++) tail[i] = UniformFloat();
            Fill16(tail);
        }
    }

    /// <summary><c>torch.randn(..., dtype=torch.float64, generator=g)</c>: as the float32 case, with double uniforms and libm.</summary>
    public void Randn(Span<double> values)
    {
        if (values.Length < VectorisedFillMinimum)
        {
            for (int i = 0; i < values.Length; i++) values[i] = NormalDouble();
            return;
        }
        for (int i = 0; i < values.Length; i++) values[i] = UniformDouble();
        for (int i = 0; i + 16 <= values.Length; i += 16) Fill16(values.Slice(i, 16));
        if (values.Length % 16 != 0)
        {
            var tail = values[^16..];
            for (int i = 0; i < 16; i++) tail[i] = UniformDouble();
            Fill16(tail);
        }
    }

    /// <summary>A new float32 tensor of standard normals.</summary>
    public float[] RandnFloat32(int count)
    {
        var v = new float[count];
        Randn(v.AsSpan());
        return v;
    }

    private void FillBlocks(Span<float> values)
    {
        for (int i = 0; i + 16 <= values.Length; i += 16) Fill16(values.Slice(i, 16));
    }

    /// <summary>
    /// One block of 16 uniforms u[0..16) turned into normals in place: for j &lt; 8, u1 = 1 − u[j], u2 = u[j + 8],
    /// r = sqrt(−2 log u1), θ = 2π u2, u[j] = r cos θ, u[j + 8] = r sin θ.
    /// </summary>
    private void Fill16(Span<float> u)
    {
        if (Kernel == TorchNormalKernel.Avx2)
        {
            // normal_fill_16_AVX2: float arithmetic throughout; 2π is (float)(2.0f * pi<double>); the output is
            // fma(n, std = 1, mean = 0).
            const float TwoPi = (float)(2.0 * Math.PI);
            for (int j = 0; j < 8; j++)
            {
                float u1 = 1.0f - u[j];
                float u2 = u[j + 8];
                float radius = MathF.Sqrt(-2.0f * CephesAvx.Log(u1));
                CephesAvx.SinCos(TwoPi * u2, out float s, out float c);
                u[j] = MathF.FusedMultiplyAdd(radius * c, 1.0f, 0.0f);
                u[j + 8] = MathF.FusedMultiplyAdd(radius * s, 1.0f, 0.0f);
            }
            return;
        }
        // normal_fill_16<float>: theta = 2.0f * pi<double> * u2 is computed in double and stored as float.
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1.0f - u[j];
            float u2 = u[j + 8];
            float radius = MathF.Sqrt(-2.0f * MathF.Log(u1));
            float theta = (float)(2.0 * Math.PI * u2);
            u[j] = radius * MathF.Cos(theta) * 1.0f + 0.0f;
            u[j + 8] = radius * MathF.Sin(theta) * 1.0f + 0.0f;
        }
    }

    private static void Fill16(Span<double> u)
    {
        for (int j = 0; j < 8; j++)
        {
            double u1 = 1.0 - u[j];
            double u2 = u[j + 8];
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            u[j] = radius * Math.Cos(theta) * 1.0 + 0.0;
            u[j + 8] = radius * Math.Sin(theta) * 1.0 + 0.0;
        }
    }
}
