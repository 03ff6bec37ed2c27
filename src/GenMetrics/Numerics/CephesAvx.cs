namespace GenMetrics.Numerics;

/// <summary>
/// The float32 <c>log256_ps</c> and <c>sincos256_ps</c> of <c>avx_mathfun.h</c> (Giovanni Garberoglio's AVX port of
/// Julien Pommier's sse_mathfun, after Cephes), one lane at a time, as PyTorch's <c>normal_fill_AVX2</c> runs them:
/// bitwise equal to the compiled AVX2 code of Debian's torch 1.13.
/// </summary>
/// <remarks>
/// GCC builds ATen's AVX2 kernels with <c>-mfma</c> and its default <c>-ffp-contract=fast</c>, and
/// <c>_mm256_mul_ps</c> / <c>_mm256_add_ps</c> are plain vector arithmetic to it, so it fuses a multiply whose only use
/// is an addition or subtraction into one FMA (its <c>convert_mult_to_fma</c> pass, visiting multiplies in source
/// order: in <c>y * z + e * q1</c> the first multiply is fused and the second rounded). The C source read as written
/// (every operation rounded) gives draws a few ulp off; the fused steps below match every draw of the fixtures.
/// The constants are the C source's double literals converted to float (as its float arrays hold them), not float
/// literals, which could round differently.
/// </remarks>
internal static class CephesAvx
{
    private const float SqrtHalf = (float)0.707106781186547524;
    private const float LogP0 = (float)7.0376836292E-2;
    private const float LogP1 = (float)-1.1514610310E-1;
    private const float LogP2 = (float)1.1676998740E-1;
    private const float LogP3 = (float)-1.2420140846E-1;
    private const float LogP4 = (float)1.4249322787E-1;
    private const float LogP5 = (float)-1.6668057665E-1;
    private const float LogP6 = (float)2.0000714765E-1;
    private const float LogP7 = (float)-2.4999993993E-1;
    private const float LogP8 = (float)3.3333331174E-1;
    private const float LogQ1 = (float)-2.12194440e-4;
    private const float LogQ2 = (float)0.693359375;

    private const float MinusDp1 = (float)-0.78515625;
    private const float MinusDp2 = (float)-2.4187564849853515625e-4;
    private const float MinusDp3 = (float)-3.77489497744594108e-8;
    private const float SinP0 = (float)-1.9515295891E-4;
    private const float SinP1 = (float)8.3321608736E-3;
    private const float SinP2 = (float)-1.6666654611E-1;
    private const float CosP0 = (float)2.443315711809948E-005;
    private const float CosP1 = (float)-1.388731625493765E-003;
    private const float CosP2 = (float)4.166664568298827E-002;
    private const float FourOverPi = (float)1.27323954473516;

    /// <summary><c>log256_ps</c> for one lane: NaN for x ≤ 0; subnormal inputs are raised to the smallest normal.</summary>
    public static float Log(float x)
    {
        bool invalid = x <= 0f;
        x = MathF.Max(x, BitConverter.Int32BitsToSingle(0x00800000));
        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = (int)((uint)bits >> 23) - 0x7f;
        x = BitConverter.Int32BitsToSingle((bits & ~0x7f800000) | BitConverter.SingleToInt32Bits(0.5f));
        float e = (float)exponent;
        e += 1.0f;
        bool below = x < SqrtHalf;
        float tmp = below ? x : 0f;
        x -= 1.0f;
        e -= below ? 1.0f : 0f;
        x += tmp;
        float z = x * x;
        float y = MathF.FusedMultiplyAdd(LogP0, x, LogP1);   // Horner steps y * x + p: fused
        y = MathF.FusedMultiplyAdd(y, x, LogP2);
        y = MathF.FusedMultiplyAdd(y, x, LogP3);
        y = MathF.FusedMultiplyAdd(y, x, LogP4);
        y = MathF.FusedMultiplyAdd(y, x, LogP5);
        y = MathF.FusedMultiplyAdd(y, x, LogP6);
        y = MathF.FusedMultiplyAdd(y, x, LogP7);
        y = MathF.FusedMultiplyAdd(y, x, LogP8);
        y *= x;                                              // feeds a multiply: rounded
        y = MathF.FusedMultiplyAdd(y, z, e * LogQ1);         // y * z + e * q1: the first multiply is fused
        y = MathF.FusedMultiplyAdd(-z, 0.5f, y);             // y - z * 0.5 (z * 0.5 is exact either way)
        x += y;
        x = MathF.FusedMultiplyAdd(e, LogQ2, x);
        return invalid ? float.NaN : x;
    }

    /// <summary><c>sincos256_ps</c> for one lane (any x; accurate for |x| below 8192).</summary>
    public static void SinCos(float x, out float sin, out float cos)
    {
        int signSin = BitConverter.SingleToInt32Bits(x) & int.MinValue;
        x = MathF.Abs(x);
        float y = x * FourOverPi;
        int j = (int)y;                       // cvttps: truncation
        j = (j + 1) & ~1;
        y = (float)j;
        int swapSin = (j & 4) << 29;
        bool firstPoly = (j & 2) == 0;        // the polynomial selection mask
        x = MathF.FusedMultiplyAdd(y, MinusDp1, x);          // ((x - y DP1) - y DP2) - y DP3, each step fused
        x = MathF.FusedMultiplyAdd(y, MinusDp2, x);
        x = MathF.FusedMultiplyAdd(y, MinusDp3, x);
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSin;

        float z = x * x;
        float yc = MathF.FusedMultiplyAdd(CosP0, z, CosP1);
        yc = MathF.FusedMultiplyAdd(yc, z, CosP2);
        yc *= z;
        yc = MathF.FusedMultiplyAdd(yc, z, -(z * 0.5f));     // y * z - z * 0.5: the first multiply is fused
        yc += 1.0f;

        float ys = MathF.FusedMultiplyAdd(SinP0, z, SinP1);
        ys = MathF.FusedMultiplyAdd(ys, z, SinP2);
        ys *= z;
        ys = MathF.FusedMultiplyAdd(ys, x, x);

        // ysin2 = mask & ys, ysin1 = ~mask & yc; the remainders are subtracted, not masked, as in the C code.
        float ysin2 = firstPoly ? ys : 0f;
        float ysin1 = firstPoly ? 0f : yc;
        ys -= ysin2;
        yc -= ysin1;
        float s = ysin1 + ysin2;
        float c = yc + ys;
        sin = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(s) ^ signSin);
        cos = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(c) ^ signCos);
    }
}
