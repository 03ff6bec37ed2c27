using System.Text.Json;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Protocols;

/// <summary>tests/fixtures/protocols/*.json, written by parity/make_protocol_fixtures.py.</summary>
internal static class ProtocolFixtures
{
    public sealed record ProtocolCase(string Protocol, string Image, int Width, int Height, double Sum, double SumSq, double MaxAbs, float[] Samples)
    {
        public override string ToString() => $"{Protocol} {Image} {Width}x{Height}";
    }

    public sealed record KernelCase(string Filter, int InWidth, int InHeight, int OutWidth, int OutHeight, float[] Values)
    {
        public override string ToString() => $"{Filter} {InWidth}x{InHeight}->{OutWidth}x{OutHeight}";
    }

    public const int SampleStride = 1000003;

    private static readonly Lazy<ProtocolCase[]> s_protocols = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("protocols", "protocols.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ProtocolCase(
            c.GetProperty("protocol").GetString()!, c.GetProperty("image").GetString()!,
            c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(),
            double.Parse(c.GetProperty("sum").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(c.GetProperty("sumsq").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(c.GetProperty("maxabs").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Bits(c.GetProperty("bits"))))];
    });

    private static readonly Lazy<KernelCase[]> s_kernels = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("protocols", "kernels.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new KernelCase(
            c.GetProperty("filter").GetString()!, c.GetProperty("in_width").GetInt32(), c.GetProperty("in_height").GetInt32(),
            c.GetProperty("out_width").GetInt32(), c.GetProperty("out_height").GetInt32(), Bits(c.GetProperty("bits"))))];
    });

    public static IReadOnlyList<ProtocolCase> Protocols => s_protocols.Value;
    public static IReadOnlyList<KernelCase> Kernels => s_kernels.Value;

    private static float[] Bits(JsonElement a) => [.. a.EnumerateArray().Select(e => BitConverter.UInt32BitsToSingle(e.GetUInt32()))];
}
