using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics eval REAL FAKE</c>: computes metrics between a reference and a generated set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "REAL FAKE: image folders, .zip, uint8 .npy/.npz arrays or IDX files (through the encoder), features (.npy, .npz) or statistics (.npz with mu, sigma; FID only); FAKE may be an ONNX generator (.onnx: sampled with --num-samples and the generator options). With one input, it is the generated set (for 'is' alone, or 'ppl' of a generator).",
            Arity = new ArgumentArity(1, 2),
        };
        var metricOptions = new MetricOptions(MetricRegistry.Default);
        var inputOptions = new InputOptions();
        var generatorOptions = new GeneratorCliOptions(metricOptions.FlagOf("seed") as Option<long?>);
        var output = new Option<string?>("--out", "-o", "--json") { Description = "Write the result as JSON to this file (- for standard output, instead of the table)." };
        var saveStats = new Option<string?>("--save-stats") { Description = "Also write the real set's statistics (mu, sigma: an .npz as pytorch-fid's --save-stats writes) to this file." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no table (errors and warnings still go to stderr)." };

        var cmd = new Command("eval", OutputPath.Help("Compute metrics between a real (reference) set and a generated set.",
            "genmetrics eval real/ fake/ --metrics fid,kid,is                 # image folders through the FID Inception (tf protocol)",
            "genmetrics eval real/ fake/ --protocol clean -o result.json      # clean-fid's preprocessing, result as JSON",
            "genmetrics eval real.npy fake.npy --metrics fid,prdc --k 3       # features (N x D .npy)",
            "genmetrics eval stats.npz fake/ --metrics fid                    # pytorch-fid / clean-fid statistics as the real set",
            "genmetrics eval real.gz fake.gz --encoder random-cnn -n 1000     # IDX images, weight-free encoder, first 1000 of each",
            "genmetrics eval fake/ --metrics is                               # one input: the generated set",
            "genmetrics eval real/ G.onnx -n 50000 --metrics fid,is           # an ONNX generator sampled as torch-fidelity samples it",
            "genmetrics eval G.onnx -n 10000 --metrics ppl                    # perceptual path length of the generator"))
        {
            inputs, output, saveStats, quiet,
        };
        metricOptions.AddTo(cmd);
        inputOptions.AddTo(cmd);
        generatorOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var paths = p.GetValue(inputs)!;
            // One features file says nothing about what it holds: the Inception Score only makes sense on logits.
            if (paths.Length == 1 && p.GetValue(metricOptions.Metrics) is null && FeatureSet.KindOf(paths[0]) != InputKind.Images)
                throw new InputException($"{paths[0]}: one input of features or statistics and no --metrics: name what to compute (--metrics is, if the file holds class logits)");
            bool hasGenerator = GeneratorCliOptions.IsGenerator(paths[^1]);
            GeneratorInput.Check(p, paths, hasGenerator, generatorOptions, inputOptions);
            var metrics = metricOptions.Create(p, paths.Length == 1 ? "is" : "fid", hasGenerator ? ["seed"] : null);
            Evaluator.CheckRoles(metrics.Select(m => m.Info),
                [.. paths.Length == 2 ? [InputRole.Real, InputRole.Generated] : (InputRole[])[InputRole.Generated], .. hasGenerator ? (InputRole[])[InputRole.Generator] : []]);
            var jsonPath = p.GetValue(output);
            var statsPath = p.GetValue(saveStats) is { } sp ? OutputPath.Resolve(sp) : null;
            if (jsonPath is not null and not "-") OutputPath.Check("--out", jsonPath);
            if (statsPath is not null)
            {
                if (paths.Length < 2) throw new InputException("--save-stats: writes the real set's statistics, but only one input (the generated set) was given");
                OutputPath.Check("--save-stats", statsPath);
            }
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display, selectSamples: !hasGenerator);
            inputOptions.CheckImageOptionsApply(p, paths);
            using var generator = hasGenerator ? OnnxGenerator.Open(paths[^1], generatorOptions.Create(p, p.GetValue(inputOptions.NumSamples))) : null;
            metrics = GeneratorInput.WithProgress(metrics, display);
            bool logits = metrics.Any(m => m.Info.Name == "is");
            // Only perceptual path length (which runs the generator itself): its samples need no features.
            bool sampleGenerator = !hasGenerator || metrics.Any(m => m.Info.Roles.Contains(InputRole.Generated));
            // Files of features or statistics first: what they record about their encoder is checked before any image is encoded.
            bool realFirst = paths.Length == 2 && (FeatureSet.KindOf(paths[0]) != InputKind.Images || FeatureSet.KindOf(paths[1]) == InputKind.Images);
            FeatureSet? real = null;
            var result = display.Run(() =>
            {
                if (realFirst) real = loader.Load(paths[0]);
                var generated = generator is null ? loader.Load(paths[^1], logits) : sampleGenerator ? loader.LoadGenerator(generator, logits) : null;
                if (paths.Length == 2 && !realFirst) real = loader.Load(paths[0]);
                return Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = generated, Generator = generator }, metrics, display);
            });
            if (statsPath is not null) real!.WriteStatistics(statsPath);
            if (jsonPath == "-") p.InvocationConfiguration.Output.WriteLine(ResultJson.Serialize(result));
            else if (jsonPath is not null) ResultJson.WriteFile(jsonPath, result);
            if (!p.GetValue(quiet) && jsonPath != "-") ResultTable.Write(p.InvocationConfiguration.Output, result);
            ResultTable.WriteWarnings(p.InvocationConfiguration.Error, result);
            return CliRunner.Ok;
        });
        return cmd;
    }
}
