namespace GenMetrics.Numerics;

/// <summary>
/// Float32 matrix products for distance and kernel computations.
/// The contract: C[i, j] = sum_k A[i, k] * B[j, k] (A times B transposed), all row-major, C of m x n with row stride ldc.
/// </summary>
/// <remarks>
/// Placeholder implementation (dot products with TensorPrimitives); the blocked SIMD kernel replaces the body and
/// keeps the signature. Callers must not depend on the summation order beyond float32 rounding.
/// </remarks>
internal static class Gemm
{
    public static void MultiplyABt(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            var ci = c.Slice(i * ldc, n);
            for (int j = 0; j < n; j++) ci[j] = System.Numerics.Tensors.TensorPrimitives.Dot(ai, b.Slice(j * k, k));
        }
    }
}
