using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Samples;

/// <summary>The tiny generators and torch-fidelity's numbers on them (tests/fixtures/generator, parity/make_generator_fixtures.py).</summary>
internal static class GeneratorFixture
{
    public static JsonElement Json { get; } = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("generator", "tiny.json"))).RootElement;

    public static string Unconditional => Fixtures.Path("generator", "tiny_uncond.onnx");

    public static string Conditional => Fixtures.Path("generator", "tiny_cond.onnx");

    public static string Model(string name) => Fixtures.Path("generator", name + ".onnx");

    public static string Sha256<T>(ReadOnlySpan<T> values) where T : unmanaged =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values)));
}
