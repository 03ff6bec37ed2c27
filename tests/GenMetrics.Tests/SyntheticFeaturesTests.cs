using GenMetrics.Tests.Support;

namespace GenMetrics.Tests;

public class SyntheticFeaturesTests
{
    [Fact]
    public void Matches_numpy_bit_for_bit()
    {
        // Values printed by /usr/bin/python3 with parity/synthetic.py (numpy 1.24).
        var x = SyntheticFeatures.Create(1, 3, 10, shift: 0.25f);
        Assert.Equal(1.4183666706085205f, x.Span[0]);
        Assert.Equal(0.3778034448623657f, x.Span[29]);
        Assert.Equal(7.974550247192383, Sum(x.Span));

        var y = SyntheticFeatures.Create(7, 50, 33);
        Assert.Equal(-13.590154111385345, Sum(y.Span));
        ulong bits = 0;
        foreach (var v in y.Span) bits += BitConverter.SingleToUInt32Bits(v);
        Assert.Equal(3538821907460UL, bits);
    }

    private static double Sum(ReadOnlySpan<float> s)
    {
        double t = 0;
        foreach (var v in s) t += v;
        return t;
    }
}
