using System.Diagnostics;
using GenMetrics.Tests.Cli;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests;

/// <summary>Issue 13, item 4: the Kubernetes manifests and Slurm scripts under deploy/ are well formed and agree with each other.</summary>
public class DeployTests
{
    private static string Deploy(params string[] parts) => Path.Combine([Fixtures.RepoRoot, "deploy", .. parts]);

    private static List<string> Strings(object? node) => ((List<object?>)node!).Cast<string>().ToList();

    [Fact]
    public void The_indexed_job_shards_with_its_own_completion_count()
    {
        var job = MiniYaml.Parse(File.ReadAllText(Deploy("k8s", "indexed-job.yaml")));
        Assert.Equal("batch/v1", job["apiVersion"]);
        Assert.Equal("Job", job["kind"]);
        Assert.Equal("Indexed", MiniYaml.At(job, "spec.completionMode"));
        var completions = (string)MiniYaml.At(job, "spec.completions")!;
        Assert.True(int.Parse((string)MiniYaml.At(job, "spec.parallelism")!) <= int.Parse(completions));
        Assert.Equal("Never", MiniYaml.At(job, "spec.template.spec.restartPolicy"));
        var container = MiniYaml.At(job, "spec.template.spec.containers.0");
        var args = Strings(MiniYaml.At(container, "args"));
        Assert.Equal("auto", args[args.IndexOf("--shard") + 1]);
        Assert.Equal(completions, args[args.IndexOf("--shard-count") + 1]);
        var output = args[args.IndexOf("-o") + 1];
        Assert.Contains("$(JOB_COMPLETION_INDEX)", output);
        Assert.EndsWith(".npz", output);
        // JOB_COMPLETION_INDEX comes from the pod's completion-index annotation, declared so $(...) expands in args.
        var env = (List<object?>)MiniYaml.At(container, "env")!;
        Assert.Contains(env, e => MiniYaml.At(e, "name") as string == "JOB_COMPLETION_INDEX" &&
                                  ((string)MiniYaml.At(e, "valueFrom.fieldRef.fieldPath")!).Contains("job-completion-index"));
        // The part goes into the parts volume, which is a mounted claim.
        var mounts = (List<object?>)MiniYaml.At(container, "volumeMounts")!;
        var parts = mounts.Single(m => output.StartsWith((string)MiniYaml.At(m, "mountPath")! + "/", StringComparison.Ordinal));
        var volumes = (List<object?>)MiniYaml.At(job, "spec.template.spec.volumes")!;
        Assert.Contains(volumes, v => MiniYaml.At(v, "name") as string == MiniYaml.At(parts, "name") as string);
    }

    [Fact]
    public void The_merge_job_merges_the_parts_the_indexed_job_writes()
    {
        var job = MiniYaml.Parse(File.ReadAllText(Deploy("k8s", "indexed-job.yaml")));
        var merge = MiniYaml.Parse(File.ReadAllText(Deploy("k8s", "merge-job.yaml")));
        Assert.Equal("Job", merge["kind"]);
        var args = Strings(MiniYaml.At(job, "spec.template.spec.containers.0.args"));
        var output = args[args.IndexOf("-o") + 1];
        var pattern = output.Replace("$(JOB_COMPLETION_INDEX)", "*");
        var script = string.Join(" ", Strings(MiniYaml.At(merge, "spec.template.spec.containers.0.args")));
        Assert.Contains($"genmetrics merge {pattern}", script);
        Assert.Equal(MiniYaml.At(job, "spec.template.spec.volumes.1.persistentVolumeClaim.claimName"),
                     MiniYaml.At(merge, "spec.template.spec.volumes.0.persistentVolumeClaim.claimName"));
    }

    [Fact]
    public void MiniYaml_refuses_what_it_does_not_understand()
    {
        Assert.Throws<FormatException>(() => MiniYaml.Parse("a:\n\tb: 1"));
        Assert.Throws<FormatException>(() => MiniYaml.Parse("a: 1\na: 2"));
        Assert.Throws<FormatException>(() => MiniYaml.Parse("just a scalar"));
        var m = MiniYaml.Parse("a:\n  - b: 1   # note\n    c: [\"x\", \"y\"]\n  - plain\nd: 'q'");
        Assert.Equal("1", MiniYaml.At(m, "a.0.b"));
        Assert.Equal("y", Strings(MiniYaml.At(m, "a.0.c"))[1]);
        Assert.Equal("plain", MiniYaml.At(m, "a.1"));
        Assert.Equal("q", m["d"]);
    }

    private static void BashSyntax(string path)
    {
        var bash = new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true };
        using var p = Process.Start(bash)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{path}: {err}");
    }

    [Theory]
    [InlineData("extract.sbatch")]
    [InlineData("merge.sbatch")]
    [InlineData("submit.sh")]
    public void The_slurm_scripts_parse(string name) => BashSyntax(Deploy("slurm", name));

    [Fact]
    public void The_extraction_array_uses_the_array_index_as_the_shard()
    {
        var text = File.ReadAllText(Deploy("slurm", "extract.sbatch"));
        Assert.Contains("#SBATCH --array=", text);
        Assert.Contains("--shard auto", text);
        Assert.Contains("--dependency=afterok", File.ReadAllText(Deploy("slurm", "submit.sh")));
    }

    [Fact]
    public void Genmetrics_slurm_writes_the_scripts_with_the_run_values()
    {
        using var dir = Fixtures.TempDir();
        var (code, stdout, err) = ShardCli.Run("slurm", "knn", dir.File("fake.npy"), "--real", "ref:cifar", "--shards", "6", "--parts", dir.File("parts"),
            "-o", dir.File("prdc.json"), "--dir", dir.File("s"), "--genmetrics-args", "-m prdc --k 3", "--command", "/opt/genmetrics");
        Assert.True(code == 0, err);
        Assert.Contains("run.sh", stdout);
        foreach (var name in (string[])["extract.sbatch", "merge.sbatch", "submit.sh", "run.sh"])
        {
            Assert.True(File.Exists(dir.File($"s/{name}")), name);
            BashSyntax(dir.File($"s/{name}"));
        }
        Assert.Equal(File.ReadAllText(Deploy("slurm", "extract.sbatch")), File.ReadAllText(dir.File("s/extract.sbatch")));
        var run = File.ReadAllText(dir.File("s/run.sh"));
        Assert.Contains("export MODE='knn' SHARDS=6", run);
        Assert.Contains("export REAL='ref:cifar'", run);
        Assert.Contains("export GENMETRICS_ARGS='-m prdc --k 3'", run);
        Assert.Contains("export GENMETRICS='/opt/genmetrics'", run);
        Assert.Equal(2, ShardCli.Run("slurm", "knn", "x", "--parts", "p", "-o", "o.json", "--dir", dir.File("t")).Exit);
    }
}
