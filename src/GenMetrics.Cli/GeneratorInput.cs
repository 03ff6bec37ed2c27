using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;

namespace GenMetrics.Cli;

/// <summary>What <c>eval</c> checks and adds when its generated input is an ONNX generator.</summary>
internal static class GeneratorInput
{
    /// <summary>Generator options need a generator; a generator is the generated (last) input and is sampled, not subset.</summary>
    public static void Check(ParseResult p, IReadOnlyList<string> paths, bool hasGenerator, GeneratorCliOptions generator, InputOptions input)
    {
        if (paths.Count == 2 && GeneratorCliOptions.IsGenerator(paths[0]))
            throw new InputException($"{paths[0]}: an ONNX generator can be the generated input only (the last one), not the real set");
        if (!hasGenerator)
        {
            if (generator.Given(p).FirstOrDefault() is { } flag)
                throw new InputException($"{flag}: applies to an ONNX generator input (a .onnx file), and none was given");
            return;
        }
        if (p.GetValue(input.SampleSeed) is not null)
            throw new InputException($"--sample-seed: selects a random subset of a sample set; {paths[^1]} is a generator, which draws --num-samples samples from --seed");
    }

    /// <summary>Perceptual path length reports its pairs and downloads to the progress display.</summary>
    public static IReadOnlyList<IMetric> WithProgress(IReadOnlyList<IMetric> metrics, ProgressDisplay display) =>
        [.. metrics.Select(m => m is PplMetric ppl ? new PplMetric(ppl.Options with { DownloadProgress = display, Progress = display }) : m)];
}
