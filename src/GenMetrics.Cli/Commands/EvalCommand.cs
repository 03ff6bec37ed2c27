using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Reports;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics eval REAL FAKE</c>: computes metrics between a reference and a generated set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "REAL FAKE: image folders, .zip, uint8 .npy/.npz arrays or IDX files (through --encoder inception), features (.npy, .npz) or statistics (.npz with mu, sigma; FID only). With one input, it is the generated set (for 'is' alone).",
            Arity = new ArgumentArity(1, 2),
        };
        var metrics = new Option<string?>("--metrics", "-m")
        {
            Description = $"Comma-separated metrics: {string.Join(", ", MetricNames.Known)} (default: fid with two inputs, is with one).",
        };
        var sampleOptions = new SampleOptions();
        var k = new Option<int?>("--k") { Description = "Neighbourhood size for prdc (default 5, as prdc) and pr (default 3, as torch-fidelity)." };
        var kidSubsets = new Option<int>("--kid-subsets") { Description = "KID: number of subsets.", DefaultValueFactory = _ => new KidOptions().Subsets };
        var kidSubsetSize = new Option<int>("--kid-subset-size") { Description = "KID: samples per subset.", DefaultValueFactory = _ => new KidOptions().SubsetSize };
        var isSplits = new Option<int>("--is-splits") { Description = "IS: number of splits.", DefaultValueFactory = _ => new IsOptions().Splits };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "IS: do not shuffle the samples before splitting." };
        var seed = new Option<int>("--seed") { Description = "Seed of KID's subset draws and IS's shuffle (NumPy RandomState; 2020 as torch-fidelity).", DefaultValueFactory = _ => 2020 };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON to this path." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no table (errors and warnings still go to stderr)." };

        var cmd = new Command("eval", "Compute metrics between a real (reference) set and a generated set.")
        {
            inputs, metrics, k, kidSubsets, kidSubsetSize, isSplits, noShuffle, seed, json, quiet,
        };
        sampleOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var paths = p.GetValue(inputs)!;
            var list = MetricNames.ParseList(p.GetValue(metrics) ?? (paths.Length == 1 ? "is" : "fid"));
            int s = p.GetValue(seed);
            var options = new EvaluationOptions
            {
                Metrics = list,
                K = p.GetValue(k),
                Kid = new KidOptions { Subsets = p.GetValue(kidSubsets), SubsetSize = p.GetValue(kidSubsetSize), Seed = s },
                Is = new IsOptions { Splits = p.GetValue(isSplits), Shuffle = !p.GetValue(noShuffle), Seed = s },
            };
            Validate(options, p.GetValue(json));
            using var loader = sampleOptions.CreateLoader(p);
            var real = paths.Length == 2 ? loader.Load(paths[0]) : null;
            var fake = loader.Load(paths[^1]);
            var result = Evaluator.Evaluate(real, fake, options, new StatusProgress(p.InvocationConfiguration.Error),
                loader.Encoder, loader.UsedImages ? loader.ProtocolLabel : null, loader.Warnings);
            if (p.GetValue(json) is { } jsonPath) ResultJson.WriteFile(jsonPath, result);
            if (!p.GetValue(quiet)) ResultTable.Write(p.InvocationConfiguration.Output, result);
            ResultTable.WriteWarnings(p.InvocationConfiguration.Error, result);
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static void Validate(EvaluationOptions o, string? json)
    {
        if (o.K is < 1) throw new InputException($"--k: must be at least 1, got {o.K}");
        if (o.Kid.Subsets < 1) throw new InputException($"--kid-subsets: must be at least 1, got {o.Kid.Subsets}");
        if (o.Kid.SubsetSize < 2) throw new InputException($"--kid-subset-size: must be at least 2, got {o.Kid.SubsetSize}");
        if (o.Is.Splits < 1) throw new InputException($"--is-splits: must be at least 1, got {o.Is.Splits}");
        if (json is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(json))!;
            if (!Directory.Exists(dir)) throw new InputException($"--json {json}: folder '{dir}' does not exist");
        }
    }
}
