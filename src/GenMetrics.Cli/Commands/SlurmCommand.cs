using System.CommandLine;
using System.Reflection;
using System.Text;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// <c>genmetrics slurm stats|features|knn SOURCE ...</c>: writes the job scripts of a sharded run on Slurm (the
/// committed deploy/slurm scripts, plus a run.sh that sets this run's values and submits the array and its merge).
/// </summary>
internal static class SlurmCommand
{
    public static Command Create()
    {
        var mode = new Argument<string>("mode") { Description = "stats (statistics parts, merged into mu/sigma), features (features parts, merged into a .npy) or knn (PRDC's k-NN work, merged into the result JSON)." };
        var source = new Argument<string>("source") { Description = "The images or features to shard (for knn: the generated set)." };
        var real = new Option<string?>("--real") { Description = "knn: the real set (features, images or ref:NAME)." };
        var shards = new Option<int>("--shards") { Description = "The number of shards: array tasks 0 to N - 1.", DefaultValueFactory = _ => 4 };
        var parts = new Option<string>("--parts") { Description = "Where the parts go: a folder every node sees.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "What the merge writes (.npz for stats, .npy for features, .json for knn).", Required = true };
        var dir = new Option<string>("--dir") { Description = "The folder to write the scripts into (created).", DefaultValueFactory = _ => "genmetrics-slurm" };
        var args = new Option<string?>("--genmetrics-args") { Description = "Options for every shard, as one string: \"--encoder random-cnn -n 50000\", \"-m prdc --k 3\", \"--device cuda\"." };
        var command = new Option<string?>("--command") { Description = "How the jobs run genmetrics (default: this genmetrics)." };
        var cmd = new Command("slurm", OutputPath.Help("Write the Slurm job scripts of a sharded run: a job array with one task per shard, and a merge job that runs after it (--dependency=afterok). Submit with DIR/run.sh [--wait] [SBATCH OPTIONS].",
            "genmetrics slurm stats /data/train --shards 16 --parts /scratch/parts -o train_stats.npz --genmetrics-args \"--protocol clean\"",
            "genmetrics slurm knn fake.npy --real real.npy --shards 8 --parts /scratch/knn -o prdc.json --genmetrics-args \"-m prdc\"",
            "genmetrics-slurm/run.sh --wait --partition=gpu --gres=gpu:1"))
        { mode, source, real, shards, parts, output, dir, args, command };
        cmd.SetAction(p =>
        {
            var m = p.GetValue(mode)!;
            if (m is not ("stats" or "features" or "knn")) throw new InputException($"mode '{m}': expected stats, features or knn");
            if (m == "knn" && p.GetValue(real) is null) throw new InputException("--real: knn needs the real set");
            if (m != "knn" && p.GetValue(real) is not null) throw new InputException($"--real: applies to knn, not {m}");
            int n = p.GetValue(shards);
            if (n < 1) throw new InputException($"--shards: must be at least 1, got {n}");
            var folder = p.GetValue(dir)!;
            Directory.CreateDirectory(folder);
            foreach (var name in (string[])["extract.sbatch", "merge.sbatch", "submit.sh"])
            {
                using var resource = typeof(SlurmCommand).Assembly.GetManifestResourceStream("slurm/" + name)
                                     ?? throw new InvalidOperationException($"the embedded script {name} is missing");
                var path = Path.Combine(folder, name);
                using (var file = File.Create(path)) resource.CopyTo(file);
                MakeExecutable(path);
            }
            string Full(string x) => x.StartsWith(GenMetrics.References.ReferenceStore.Prefix, StringComparison.Ordinal) ? x : Path.GetFullPath(x);
            var run = new StringBuilder()
                .AppendLine("#!/usr/bin/env bash")
                .AppendLine($"# Written by genmetrics slurm ({GenMetrics.Reports.ResultJson.Version}): {n} shards of {m} over {p.GetValue(source)}, merged into {p.GetValue(output)}.")
                .AppendLine("# Submit: ./run.sh [--wait] [SBATCH OPTIONS: --partition=..., --time=..., --gres=gpu:1, --cpus-per-task=...]")
                .AppendLine("set -euo pipefail")
                .AppendLine($"export MODE={Quote(m)} SHARDS={n}")
                .AppendLine($"export SOURCE={Quote(Full(p.GetValue(source)!))}")
                .AppendLine(m == "knn" ? $"export REAL={Quote(Full(p.GetValue(real)!))}" : "unset REAL")
                .AppendLine($"export PARTS={Quote(Path.GetFullPath(p.GetValue(parts)!))} OUT={Quote(Path.GetFullPath(p.GetValue(output)!))}")
                .AppendLine($"export GENMETRICS={Quote(p.GetValue(command) ?? ThisCommand())}")
                .AppendLine($"export GENMETRICS_ARGS={Quote(p.GetValue(args) ?? "")}")
                .AppendLine("exec \"$(dirname \"$0\")/submit.sh\" \"$@\"");
            var runPath = Path.Combine(folder, "run.sh");
            File.WriteAllText(runPath, run.ToString());
            MakeExecutable(runPath);
            p.InvocationConfiguration.Output.WriteLine($"wrote {runPath} (and extract.sbatch, merge.sbatch, submit.sh): {runPath} [--wait] [SBATCH OPTIONS] submits {n} shards and the merge");
            return CliRunner.Ok;
        });
        return cmd;
    }

    // The installed tool's own path; run from a checkout (dotnet GenMetrics.Cli.dll), dotnet with the assembly.
    private static string ThisCommand()
    {
        var process = Environment.ProcessPath ?? "genmetrics";
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? $"{process} {Assembly.GetExecutingAssembly().Location}"
            : process;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
