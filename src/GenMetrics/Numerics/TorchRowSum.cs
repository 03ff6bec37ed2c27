namespace GenMetrics.Numerics;

/// <summary>
/// <c>x.sum(dim=-1)</c> of a contiguous float32 matrix as torch 1.13's CPU kernel computes it with its AVX2 build
/// (8-lane vectors; what Debian's torch runs: <c>torch.__config__.show()</c> says "CPU capability usage: AVX2"), bit
/// for bit: torch-fidelity's unit latents and slerp reduce with it. Plain float32 additions in a fixed order, so the
/// result is the same on every machine.
/// </summary>
/// <remarks>
/// ATen <c>native/cpu/SumKernel.cpp</c> <c>cascade_sum</c> with a float accumulator: a row of n ≥ 8 values goes through
/// <c>vectorized_inner_sum</c> (the first ⌊n/8⌋ 8-lane vectors summed lane-wise by <c>row_sum</c>, then a scalar
/// accumulator takes the tail elements and then the 8 lanes in order); a shorter row through <c>scalar_inner_sum</c>.
/// <c>row_sum</c> reads its items as 4 interleaved columns (item 4i + k in column k), sums them with
/// <c>multi_row_sum</c>'s four cascade levels of 2^max(4, ⌈log2 n⌉ / 4) items, adds the items left over to column 0,
/// then columns 1, 2, 3 to column 0.
/// </remarks>
internal static class TorchRowSum
{
    private const int Lanes = 8, Ilp = 4, Levels = 4;

    /// <summary>The sum of each of the <paramref name="rows"/> rows of <paramref name="x"/> (row-major, <paramref name="cols"/> wide).</summary>
    public static void SumRows(ReadOnlySpan<float> x, int rows, int cols, Span<float> sums)
    {
        for (int r = 0; r < rows; r++) sums[r] = Sum(x.Slice(r * cols, cols));
    }

    /// <summary>One row's sum.</summary>
    public static float Sum(ReadOnlySpan<float> row)
    {
        int n = row.Length;
        if (n < Lanes) return RowSum(row, n, 1)[0];
        int vectors = n / Lanes;
        var lanes = RowSum(row, vectors, Lanes);
        float total = 0f;
        for (int k = vectors * Lanes; k < n; k++) total += row[k];
        for (int l = 0; l < Lanes; l++) total += lanes[l];
        return total;
    }

    // row_sum over `items` items of `width` floats each (width 1: scalars, 8: vectors), lane-wise.
    private static float[] RowSum(ReadOnlySpan<float> data, int items, int width)
    {
        int sizeIlp = items / Ilp;
        var partial = MultiRowSum(data, sizeIlp, width);   // partial[k * width + lane]
        for (int i = sizeIlp * Ilp; i < items; i++)
            for (int l = 0; l < width; l++) partial[l] += data[i * width + l];
        for (int k = 1; k < Ilp; k++)
            for (int l = 0; l < width; l++) partial[l] += partial[k * width + l];
        return partial[..width];
    }

    // multi_row_sum<acc, nrows = 4>: `size` steps, step i reading items 4i .. 4i + 3 into columns 0 .. 3.
    private static float[] MultiRowSum(ReadOnlySpan<float> data, int size, int width)
    {
        int levelPower = Math.Max(4, CeilLog2(size) / Levels);
        int levelStep = 1 << levelPower, levelMask = levelStep - 1;
        int cells = Ilp * width;
        var acc = new float[Levels * cells];   // acc[level * cells + k * width + lane]
        int i = 0;
        for (; i + levelStep <= size;)
        {
            for (int j = 0; j < levelStep; j++, i++) Accumulate(data, i, acc, cells);
            for (int j = 1; j < Levels; j++)
            {
                for (int c = 0; c < cells; c++)
                {
                    acc[j * cells + c] += acc[(j - 1) * cells + c];
                    acc[(j - 1) * cells + c] = 0f;
                }
                if ((i & (levelMask << (j * levelPower))) != 0) break;
            }
        }
        for (; i < size; i++) Accumulate(data, i, acc, cells);
        for (int j = 1; j < Levels; j++)
            for (int c = 0; c < cells; c++) acc[c] += acc[j * cells + c];
        return acc[..cells];
    }

    private static void Accumulate(ReadOnlySpan<float> data, int step, float[] acc, int cells)
    {
        // Columns k = 0..3 of step i are items 4i + k; item-major layout makes that cells consecutive floats.
        var src = data.Slice(step * cells, cells);
        for (int c = 0; c < cells; c++) acc[c] += src[c];
    }

    // ATen native/cpu/utils.h CeilLog2: 1 for x <= 2, else the index of the highest set bit of x - 1, plus 1.
    private static int CeilLog2(int x) => x <= 2 ? 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(x - 1));
}
