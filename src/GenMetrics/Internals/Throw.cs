using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace GenMetrics.Internals;

/// <summary>Throw helpers: keep hot methods small and messages uniform (input name first, then the problem).</summary>
[StackTraceHidden]
internal static class Throw
{
    [DoesNotReturn]
    public static void Input(string message) => throw new InputException(message);

    [DoesNotReturn]
    public static void DimMismatch(string a, int da, string b, int db) =>
        throw new InputException($"{a}: feature dimension d={da}, but {b}: d={db}; both sets must come from the same encoder");

    [DoesNotReturn]
    public static void TooFewSamples(string source, int n, int needed, string why) =>
        throw new InputException($"{source}: {Samples(n)}, but {why} needs at least {needed}");

    /// <summary>"1 sample", "2 samples".</summary>
    public static string Samples(long n) => n == 1 ? "1 sample" : $"{n} samples";
}
