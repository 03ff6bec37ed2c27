using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Imaging;

/// <summary>
/// How a bilinear reference mixes two samples <c>a</c>, <c>b</c> with weights <c>w0 = 1 - w1</c>, <c>w1</c>, in float32.
/// The two references round differently, so each is an operator and one driver serves both (STYLE rule 7).
/// </summary>
internal interface IBilinearBlend
{
    static abstract float Invoke(float a, float b, float w0, float w1);

    static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> w0, Vector256<float> w1);
}

/// <summary>
/// torch-fidelity's resample_manually (TF1 legacy): <c>a + (b - a) * w1</c>; neither .NET nor the reference fuses the
/// multiply and the add.
/// </summary>
internal readonly struct Tf1Lerp : IBilinearBlend
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float w0, float w1) => a + (b - a) * w1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> w0, Vector256<float> w1) => a + (b - a) * w1;
}

/// <summary>
/// torch's CPU upsample_bilinear2d on an N x C x H x W float32 tensor with N * C &gt; 1 (every RGB image), as Debian's
/// torch 1.13 computes it; found by matching its output bit for bit, since its AVX2 build contracts
/// <c>a * w0 + b * w1</c> into <c>fma(a, w0, b * w1)</c>. A lone plane (N * C = 1) takes another torch path that can
/// differ by 1 ulp; this reproduces the multi-channel one. FusedMultiplyAdd is exact (single rounding) on every
/// machine, emulated where the CPU has no FMA.
/// </summary>
internal readonly struct TorchFmaBlend : IBilinearBlend
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float w0, float w1) => MathF.FusedMultiplyAdd(a, w0, b * w1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> w0, Vector256<float> w1) =>
        Vector256.FusedMultiplyAdd(a, w0, b * w1);
}
