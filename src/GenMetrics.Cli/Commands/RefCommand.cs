using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.References;
using GenMetrics.Sharding;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics ref add|list|rm|import</c>: reference sets computed once, used as <c>ref:NAME</c>.</summary>
internal static class RefCommand
{
    public static Command Create()
    {
        var cmd = new Command("ref", OutputPath.Help(
            "Reference sets computed once and reused: statistics (and features, for k-NN metrics) stored under $GENMETRICS_HOME/refs with their provenance; ref:NAME works wherever a real set is expected.",
            "genmetrics ref add cifar10-train cifar10/train/                 # inception, tf protocol: statistics and features",
            "genmetrics eval ref:cifar10-train samples/ -m fid,prdc         # the stored set as the real input",
            "genmetrics ref add imagenet-val val/ --shard auto               # one Slurm array task per shard; the last one merges",
            "genmetrics ref import fid-cifar10 fid_stats_cifar10_train.npz --encoder inception --protocol pytorch-fid",
            "genmetrics ref list",
            "genmetrics ref rm cifar10-train"))
        {
            Add(), List(), Remove(), Import(),
        };
        return cmd;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The reference's name (letters, digits, '.', '_', '-')." };
        var sources = new Argument<string[]>("source")
        {
            Description = "Images (through the encoder), a features file, a statistics file written by GenMetrics, or the parts of a sharded run (stats or features --shard).",
            Arity = ArgumentArity.OneOrMore,
        };
        var noFeatures = new Option<bool>("--no-features") { Description = "Store the statistics only (FID-type metrics); by default the features are kept too, for k-NN metrics." };
        var replace = new Option<bool>("--replace") { Description = "Replace a reference of that name." };
        var inputOptions = new InputOptions();
        var shardOptions = new ShardOptions();
        var cmd = new Command("add", OutputPath.Help("Compute and store a reference set.",
            "genmetrics ref add ffhq-50k ffhq/ -n 50000",
            "genmetrics ref add fmnist train.gz -e random-cnn",
            "genmetrics ref add big /data/big/ --shard 3/16             # each shard stores its part; the one completing the set merges it",
            "genmetrics ref add big part*.npz                           # or merge parts made by stats/features --shard"))
        { name, sources, noFeatures, replace };
        inputOptions.AddTo(cmd);
        shardOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var refName = ReferenceStore.CheckName(p.GetValue(name)!);
            var paths = p.GetValue(sources)!;
            var store = new ReferenceStore();
            bool keep = !p.GetValue(noFeatures), force = p.GetValue(replace);
            var output = p.InvocationConfiguration.Output;
            if (!force && store.TryGet(refName) is { } existing)
                throw new InputException($"ref:{refName}: exists (from {existing.Source}); remove it with 'genmetrics ref rm {refName}' or add --replace");
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display);
            var shard = shardOptions.Parse(p);
            ReferenceInfo? info;
            if (paths.Length > 1 || PartFile.TryRead(paths[0]) is not null)
            {
                if (shard is not null) throw new InputException("--shard: the sources are parts already; add them without --shard");
                info = store.AddParts(refName, paths, keep, force);
            }
            else
            {
                var path = paths[0];
                var kind = FeatureSet.KindOf(path);
                inputOptions.CheckImageOptionsApply(p, [path]);
                if (shard is not null)
                {
                    if (kind != InputKind.Images) throw new InputException($"--shard: {path} is {(kind == InputKind.Features ? "a features file" : "statistics")}; shard images (a features file is added whole, in bounded memory)");
                    info = display.Run(() => store.AddShard(refName, shard, part =>
                    {
                        var (source, encoder, options) = loader.OpenImages(path);
                        using (source)
                        {
                            if (keep) FeatureParts.Extract(source, encoder, shard, new Dictionary<string, string> { [encoder.Outputs[0].Name] = part }, options, display);
                            else PartialStatistics.FromImages(source, encoder, shard, options, display).Write(part);
                        }
                    }, keep, force));
                    if (info is null)
                    {
                        output.WriteLine($"stored shard {shard} of ref:{refName}; the reference is complete when every shard is stored");
                        return CliRunner.Ok;
                    }
                }
                else if (kind == InputKind.Statistics && !ReferenceStore.IsReference(path))
                    info = store.AddStatistics(refName, path, replace: force);
                else
                {
                    var set = display.Run(() => loader.Load(path));
                    foreach (var w in set.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
                    info = store.Add(refName, set, keep, force);
                }
            }
            output.WriteLine($"stored ref:{refName}: N={info.Count}, d={info.Dimension}, {Describe(info)}{(info.HasFeatures ? ", with features" : ", statistics only")}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static string Describe(ReferenceInfo r) =>
        (r.Encoder is { } e ? $"{e.DisplayName}, protocol {r.Preprocessing}" : "features given as they were") + (r.Imported ? " (declared)" : "");

    private static Command List()
    {
        var cmd = new Command("list", "List the stored references.");
        cmd.SetAction(p =>
        {
            var store = new ReferenceStore();
            var refs = store.List();
            var output = p.InvocationConfiguration.Output;
            if (refs.Count == 0)
            {
                output.WriteLine($"no references in {store.Folder}");
                return CliRunner.Ok;
            }
            foreach (var r in refs)
                output.WriteLine($"{r.Name}\tN={r.Count}\td={r.Dimension}\t{Describe(r)}\t{(r.HasFeatures ? "features" : "statistics")}\t{r.Created:yyyy-MM-dd HH:mm}\t{r.Source}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The reference to remove." };
        var cmd = new Command("rm", "Remove a stored reference.") { name };
        cmd.SetAction(p =>
        {
            var refName = p.GetValue(name)!;
            if (!new ReferenceStore().Remove(refName)) throw new InputException($"ref:{refName}: no such reference");
            p.InvocationConfiguration.Output.WriteLine($"removed ref:{refName}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static Command Import()
    {
        var name = new Argument<string>("name") { Description = "The reference's name." };
        var file = new Argument<string>("file") { Description = "Statistics from another tool: an .npz with mu and sigma (pytorch-fid --save-stats, clean-fid)." };
        var replace = new Option<bool>("--replace") { Description = "Replace a reference of that name." };
        var inputOptions = new InputOptions();
        var cmd = new Command("import", OutputPath.Help(
            "Adopt another tool's statistics, declaring the encoder and protocol that made them (eval then checks the other input against them).",
            "genmetrics ref import cifar10 fid_stats_cifar10_train.npz --encoder inception --protocol pytorch-fid",
            "genmetrics ref import cifar10-clean cifar10_legacy_tensorflow_train_32.npz --encoder inception --protocol tf"))
        { name, file, replace };
        inputOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var refName = ReferenceStore.CheckName(p.GetValue(name)!);
            var path = p.GetValue(file)!;
            if (FeatureSet.KindOf(path) != InputKind.Statistics) throw new InputException($"{path}: not a statistics file (an .npz with mu and sigma)");
            if (p.GetResult(inputOptions.Encoder) is null or { Implicit: true })
                throw new InputException("--encoder: declare the encoder that made the statistics (inception, random-cnn[:SEED], onnx:PATH)");
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display);
            var encoder = display.Run(loader.OpenEncoderNow);
            var info = new ReferenceStore().Import(refName, path, encoder.Id, encoder.Preprocessing.Id, p.GetValue(replace));
            p.InvocationConfiguration.Output.WriteLine($"stored ref:{refName}: d={info.Dimension}{(info.Count > 0 ? $", N={info.Count}" : ", N unknown")}, {Describe(info)}");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
