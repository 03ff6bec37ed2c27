using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Reports;
using GenMetrics.Samples;
using GenMetrics.Sharding;

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
        var labelOptions = new LabelOptions();
        var generatorOptions = new GeneratorCliOptions(metricOptions.FlagOf("seed") as Option<long?>);
        var report = new ReportCliOptions();
        var shardOptions = new ShardOptions();
        var output = new Option<string?>("--out", "-o", "--json") { Description = "Write the result as JSON to this file (- for standard output, instead of the table)." };
        var saveStats = new Option<string?>("--save-stats") { Description = "Also write the real set's statistics (mu, sigma: an .npz as pytorch-fid's --save-stats writes) to this file." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no table (errors and warnings still go to stderr)." };
        var bootstrap = new Option<int?>("--bootstrap")
        {
            Description = "Also give a 95% percentile interval for every metric that can be resampled: B resamples of the generated set with replacement (numpy RandomState(--bootstrap-seed).randint(0, N, N) each); the sampling noise of this sample, not the estimator's bias.",
        };
        var bootstrapReal = new Option<bool>("--bootstrap-real") { Description = "With --bootstrap: resample the real set too (drawn after the generated set in each replicate)." };
        var bootstrapSeed = new Option<long?>("--bootstrap-seed") { Description = "With --bootstrap: the seed of NumPy's RandomState that draws the resamples (default 2020)." };
        var train = new Option<string?>("--train")
        {
            Description = "The training set of the model (the train role), read like the other inputs and through the same encoder: ct needs it; alpha_precision's authenticity, copies and mifid's cosine term use it instead of the real set when given.",
        };

        var cmd = new Command("eval", OutputPath.Help("Compute metrics between a real (reference) set and a generated set.",
            "genmetrics eval real/ fake/ --metrics fid,kid,is                 # image folders through the FID Inception (tf protocol)",
            "genmetrics eval real/ fake/ --protocol clean -o result.json      # clean-fid's preprocessing, result as JSON",
            "genmetrics eval real.npy fake.npy --metrics fid,prdc --k 3       # features (N x D .npy)",
            "genmetrics eval stats.npz fake/ --metrics fid                    # pytorch-fid / clean-fid statistics as the real set",
            "genmetrics eval real.gz fake.gz --encoder random-cnn -n 1000     # IDX images, weight-free encoder, first 1000 of each",
            "genmetrics eval fake/ --metrics is                               # one input: the generated set",
            "genmetrics eval test/ fake/ --train train/ -m ct,authenticity,copies -e random-cnn   # memorization of the training set",
            "genmetrics eval real.npy fake.npy -m fid,mind --bootstrap 100   # with 95% intervals (fid_ci, mind_ci)",
            "genmetrics eval real/ G.onnx -n 50000 --metrics fid,is           # an ONNX generator sampled as torch-fidelity samples it",
            "genmetrics eval G.onnx -n 10000 --metrics ppl                    # perceptual path length of the generator",
            "genmetrics eval test/ fake/ --train train/ -e random-cnn -m fid,prdc,copies --report report.html   # with an HTML report",
            "genmetrics eval real.npy fake.npy -m prdc --shard 1/8 -o knn1.npz   # one shard of PRDC's k-NN work; genmetrics merge knn*.npz -o result.json",
            "genmetrics eval real.npy fake.npy --train train.npy -m copies,alpha_precision,ct --shard 1/8 -o mem1.npz   # memorization, sharded likewise"))
        {
            inputs, output, saveStats, quiet, train, bootstrap, bootstrapReal, bootstrapSeed,
        };
        metricOptions.AddTo(cmd);
        inputOptions.AddTo(cmd);
        labelOptions.AddTo(cmd);
        generatorOptions.AddTo(cmd);
        report.AddTo(cmd);
        shardOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var paths = p.GetValue(inputs)!;
            // One features file says nothing about what it holds: the Inception Score only makes sense on logits.
            if (paths.Length == 1 && p.GetValue(metricOptions.Metrics) is null && FeatureSet.KindOf(paths[0]) != InputKind.Images)
                throw new InputException($"{paths[0]}: one input of features or statistics and no --metrics: name what to compute (--metrics is, if the file holds class logits)");
            bool hasGenerator = GeneratorCliOptions.IsGenerator(paths[^1]);
            GeneratorInput.Check(p, paths, hasGenerator, generatorOptions, inputOptions);
            var metrics = metricOptions.Create(p, paths.Length == 1 ? "is" : "fid", hasGenerator ? ["seed"] : null);
            var trainPath = p.GetValue(train);
            List<InputRole> roles = paths.Length == 2 ? [InputRole.Real, InputRole.Generated] : [InputRole.Generated];
            if (hasGenerator) roles.Add(InputRole.Generator);
            if (trainPath is not null)
            {
                roles.Add(InputRole.Train);
                var users = MetricRegistry.Default.Definitions.Where(d => d.Info.Roles.Contains(InputRole.Train) || d.Info.OptionalRoles.Contains(InputRole.Train)).Select(d => d.Info.Name);
                if (!metrics.Any(m => m.Info.Roles.Contains(InputRole.Train) || m.Info.OptionalRoles.Contains(InputRole.Train)))
                    throw new InputException($"--train: no selected metric uses a training set (--metrics {string.Join(",", metrics.Select(m => m.Info.Name))}); {string.Join(", ", users)} do");
            }
            roles.AddRange(labelOptions.Roles(p));
            Evaluator.CheckRoles(metrics.Select(m => m.Info), roles);
            labelOptions.Check(p, metrics, paths.Length, p.GetValue(inputOptions.Recursive));
            BootstrapOptions? resampling = null;
            if (p.GetValue(bootstrap) is { } replicates)
            {
                resampling = new BootstrapOptions(replicates, p.GetValue(bootstrapSeed) ?? 2020, p.GetValue(bootstrapReal));
                Evaluator.Validate(resampling);
            }
            else if (p.GetResult(bootstrapReal) is { Implicit: false } || p.GetValue(bootstrapSeed) is not null)
                throw new InputException($"{(p.GetValue(bootstrapSeed) is not null ? "--bootstrap-seed" : "--bootstrap-real")}: needs --bootstrap B");
            if (resampling is { ResampleReal: true } && paths.Length < 2)
                throw new InputException("--bootstrap-real: resamples the real set, but only one input (the generated set) was given");
            var jsonPath = p.GetValue(output);
            var shard = shardOptions.Parse(p);
            if (shard is not null)
            {
                // A shard of the k-NN work: its per-point results go to a part, not a result.
                if (jsonPath is null) throw new InputException("--shard: give the part to write with -o PART.npz");
                ShardOptions.CheckPartPath("--out", jsonPath);
                if (paths.Length < 2) throw new InputException("--shard: needs a real and a generated input");
                if (hasGenerator) throw new InputException($"--shard: shards split a list of samples; write the generator's first with 'genmetrics sample {paths[^1]} -n N -o DIR'");
                foreach (var (given, flag) in new[] { (resampling is not null, "--bootstrap"), (p.GetValue(saveStats) is not null, "--save-stats") })
                    if (given) throw new InputException($"{flag}: cannot be used with --shard (shards compute the k-NN work of prdc, pr, copies, alpha_precision and ct)");
            }
            var statsPath = p.GetValue(saveStats) is { } sp ? OutputPath.Resolve(sp) : null;
            if (jsonPath is not null and not "-") OutputPath.Check("--out", jsonPath);
            var reportPath = report.Check(p);
            if (statsPath is not null)
            {
                if (paths.Length < 2) throw new InputException("--save-stats: writes the real set's statistics, but only one input (the generated set) was given");
                OutputPath.Check("--save-stats", statsPath);
            }
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display, selectSamples: !hasGenerator);
            inputOptions.CheckImageOptionsApply(p, trainPath is null ? paths : [.. paths, trainPath]);
            using var generator = hasGenerator ? OnnxGenerator.Open(paths[^1], generatorOptions.Create(p, p.GetValue(inputOptions.NumSamples))) : null;
            metrics = GeneratorInput.WithProgress(metrics, display);
            bool logits = metrics.Any(m => m.Info.Name == "is");
            // A generator's samples need features unless perceptual path length (which runs the generator itself) is all.
            bool sampleGenerator = !hasGenerator || metrics.Any(m => m.Info.Roles.Contains(InputRole.Generated));
            // FID alone needs statistics only: features files are then read in blocks (any N in O(d²) memory).
            bool statisticsOnly = resampling is null && shard is null && reportPath is null && metrics.All(m => m is GenMetrics.Metrics.FidMetric { Options.Estimator: GenMetrics.Metrics.CovarianceEstimator.Unbiased });
            // Files of features or statistics first: what they record about their encoder is checked before any image
            // is encoded. Then real, generated, train in that order (each input's kind is known before any is read).
            var order = new List<(InputRole Role, string Path)>();
            if (paths.Length == 2) order.Add((InputRole.Real, paths[0]));
            if (!hasGenerator) order.Add((InputRole.Generated, paths[^1]));
            if (trainPath is not null) order.Add((InputRole.Train, trainPath));
            var kinds = order.Select(x => FeatureSet.KindOf(x.Path)).ToList();
            FeatureSet? real = null;
            EvaluationSet? evaluated = null;
            KnnPart? knn = null;
            var result = display.Run(() =>
            {
                var loaded = new Dictionary<InputRole, FeatureSet>();
                foreach (var i in Enumerable.Range(0, order.Count).OrderBy(i => kinds[i] == InputKind.Images ? 1 : 0))
                    loaded[order[i].Role] = loader.Load(order[i].Path, logits && order[i].Role == InputRole.Generated, statisticsOnly);
                real = loaded.GetValueOrDefault(InputRole.Real);
                var generated = generator is null ? loaded[InputRole.Generated] : sampleGenerator ? loader.LoadGenerator(generator, logits) : null;
                var set = labelOptions.Attach(p, real, paths.Length == 2 ? paths[0] : null, generated, paths[^1], loader,
                    loaded.GetValueOrDefault(InputRole.Train), generator);
                evaluated = set;
                if (shard is not null)
                {
                    knn = KnnPart.Compute(set, metrics, shard);
                    knn.Write(jsonPath!);
                    return new EvaluationResult();
                }
                return resampling is null ? Evaluator.Evaluate(set, metrics, display) : Evaluator.Evaluate(set, metrics, resampling, display);
            });
            if (knn is not null)
            {
                foreach (var w in knn.Info.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
                var (rs, re) = shard!.Rows(checked((int)real!.Count));
                p.InvocationConfiguration.Output.WriteLine($"wrote {jsonPath}: k-NN results of shard {shard} ({string.Join(", ", metrics.Select(m => m.Info.Name))}; real samples [{rs}, {re}) of {real.Count})");
                return CliRunner.Ok;
            }
            if (statsPath is not null) real!.WriteStatistics(statsPath);
            if (jsonPath == "-") p.InvocationConfiguration.Output.WriteLine(ResultJson.Serialize(result));
            else if (jsonPath is not null) ResultJson.WriteFile(jsonPath, result);
            if (reportPath is not null)
                report.Write(p, reportPath, result, evaluated!, new SampleSourceOptions(p.GetValue(inputOptions.Recursive), p.GetValue(inputOptions.SkipInvalid)),
                    paths.Length == 2 ? paths[0] : null, paths[^1], trainPath, generator);
            if (!p.GetValue(quiet) && jsonPath != "-") ResultTable.Write(p.InvocationConfiguration.Output, result);
            ResultTable.WriteWarnings(p.InvocationConfiguration.Error, result);
            return CliRunner.Ok;
        });
        return cmd;
    }
}
