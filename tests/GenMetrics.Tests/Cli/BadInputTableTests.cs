using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Inputs for the bad-input table: small valid files to combine with the bad ones, made once.</summary>
public sealed class BadInputFiles : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    public BadInputFiles()
    {
        var a = SyntheticFeatures.Create(81, 60, 8);
        var b = SyntheticFeatures.Create(82, 60, 8, shift: 0.1f);
        Npy.Write(Dir.File("a.npy"), a.Span, a.Rows, a.Columns);
        Npy.Write(Dir.File("b.npy"), b.Span, b.Rows, b.Columns);
        Npy.Write(Dir.File("d9.npy"), new float[60 * 9], 60, 9);
        var images = new byte[12 * 20 * 20 * 3];
        new Random(5).NextBytes(images);
        Npy.Write(Dir.File("images.npy"), images, 12, 20, 20, 3);
        Directory.CreateDirectory(Dir.File("empty"));
        Directory.CreateDirectory(Dir.File("out-folder"));
        File.WriteAllText(Dir.File("not-images.zip"), "PK but not a zip");
        File.WriteAllText(Dir.File("weights.pth"), "not a checkpoint");
        StatsFile.Write(Dir.File("rc0.npz"), GenMetrics.Metrics.Fid.Summarize(SyntheticFeatures.Create(83, 60, 128)),
            new StatsProvenance(new GenMetrics.Encoders.EncoderId("random-cnn", "random-cnn-v1", null, "seed=0"), "tf@64", 60, "0.2.0", "x", null));
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// Issue 7, item 6: bad inputs through the real command tree. Each row: the arguments ({d} is the folder of the
/// inputs above, {f} the folder of fixtures), the exit code, a fragment of the message, and the output file that must
/// not exist afterwards.
/// </summary>
public class BadInputTableTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    public static TheoryData<string, int, string, string?> Rows => new()
    {
        // Outputs: checked before any work, never left behind.
        { "eval {d}/a.npy {d}/b.npy -o {d}/out-folder", 2, "--out {d}/out-folder: is a folder; give a file path", null },
        { "eval {d}/a.npy {d}/b.npy -o {d}/missing/r.json", 2, "folder '{d}/missing' does not exist", "{d}/missing/r.json" },
        { "stats {d}/a.npy -o {d}/s.txt", 2, "statistics are written as .npz", "{d}/s.txt" },
        { "eval {d}/a.npy {d}/d9.npy -o {d}/r1.json", 2, "has features of dimension 8, but generated {d}/d9.npy has 9", "{d}/r1.json" },
        // Inputs that do not exist or are not what they claim.
        { "eval {d}/nope.npy {d}/b.npy -o {d}/r2.json", 2, "{d}/nope.npy: no such file or folder", "{d}/r2.json" },
        { "eval {d}/a.npy {d}/empty -o {d}/r3.json --encoder random-cnn", 2, "float features; an image encoder needs images", "{d}/r3.json" },
        { "eval {d}/images.npy {d}/empty -o {d}/r4.json --encoder random-cnn", 2, "{d}/empty: no images found", "{d}/r4.json" },
        { "eval {d}/images.npy {d}/not-images.zip -o {d}/r5.json --encoder random-cnn", 2, "not-images.zip: not a valid zip archive", "{d}/r5.json" },
        { "eval {f}/formats/bad/truncated.npy {d}/b.npy -o {d}/r6.json", 2, "truncated.npy", "{d}/r6.json" },
        { "eval {f}/formats/bad/nan_features.npy {d}/b.npy -o {d}/r7.json", 2, "NaN", "{d}/r7.json" },
        { "eval {f}/formats/bad/stats_no_sigma.npz {d}/b.npy -o {d}/r8.json", 2, "stats_no_sigma.npz: cannot tell which array holds the features", "{d}/r8.json" },
        { "eval {f}/formats/bad/garbage.npz {d}/b.npy -o {d}/r9.json", 2, "garbage.npz", "{d}/r9.json" },
        { "eval {d}/images.npy {f}/images/bad/truncated.png -o {d}/r10.json --encoder random-cnn", 2, "truncated.png", "{d}/r10.json" },
        // One features file is not logits unless the user says so.
        { "eval {d}/a.npy -o {d}/r11.json", 2, "name what to compute (--metrics is", "{d}/r11.json" },
        // Options that do not apply, or values out of range.
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn --protocol clean -o {d}/r12.json", 2, "--protocol: does not apply to --encoder random-cnn", "{d}/r12.json" },
        { "eval {d}/images.npy {d}/images.npy --encoder onnx:m.onnx --weights {d}/weights.pth", 2, "--weights: does not apply to --encoder onnx", null },
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn --input-size 64", 2, "--input-size: does not apply to --encoder random-cnn", null },
        { "eval {d}/a.npy {d}/b.npy --protocol clean -o {d}/r20.json", 2, "--protocol: applies to image inputs, but {d}/a.npy and {d}/b.npy are features or statistics", "{d}/r20.json" },
        { "stats {d}/a.npy --batch-size 8 -o {d}/s2.npz", 2, "--batch-size: applies to image inputs", "{d}/s2.npz" },
        { "eval {d}/a.npy {d}/b.npy --kid-subsets 10 -o {d}/r13.json", 2, "--kid-subsets: applies to kid, and none of them is selected", "{d}/r13.json" },
        { "eval {d}/a.npy {d}/b.npy -m kid --seed 5000000000 -o {d}/r14.json", 2, "--seed: 5000000000 is not a valid seed", "{d}/r14.json" },
        { "eval {d}/a.npy {d}/b.npy -m kid -o {d}/r15.json", 2, "60 samples, but KID subsets of 1000 need at least 1000 (lower --kid-subset-size, or turn on --kid-clamp-subset-size", "{d}/r15.json" },
        { "eval {d}/a.npy {d}/b.npy -m prdc,pr", 2, "'prdc' and 'pr' both report precision", null },
        { "eval {d}/a.npy {d}/b.npy -m fidd", 2, "--metrics: unknown metric 'fidd'; known: fid, kid", null },
        { "eval {d}/a.npy -m fid", 2, "fid: needs a real input", null },
        { "eval {d}/a.npy {d}/b.npy --device cuda:0", 2, "--device: cuda:0: ", null },   // what is missing: see ComputeDeviceTests
        { "eval {d}/a.npy {d}/b.npy --device tpu", 2, "--device: 'tpu': expected cpu, cuda or cuda:N", null },
        { "eval {d}/a.npy {d}/b.npy -n 0", 2, "--num-samples: must be at least 1", null },
        { "eval {d}/a.npy {d}/b.npy -n 61 -o {d}/r16.json", 2, "--num-samples: 61 samples asked for, but {d}/a.npy has 60", "{d}/r16.json" },
        { "eval {d}/a.npy {d}/b.npy --sample-seed 3", 2, "--sample-seed: needs --num-samples", null },
        { "eval {d}/a.npy {d}/b.npy --threads 0", 2, "--threads: must be at least 1", null },
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn:x", 2, "'random-cnn:x': the seed after 'random-cnn:' must be a non-negative integer", null },
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn -m is -o {d}/r17.json", 2, "is: needs class logits", "{d}/r17.json" },
        { "features {d}/images.npy --encoder random-cnn -o {d}/f.npy --logits-out {d}/l.npy", 2, "--logits-out: the random-cnn[seed=0] encoder gives no class logits", "{d}/f.npy" },
        { "features {d}/a.npy -o {d}/f2.npy", 2, "is features or statistics already", "{d}/f2.npy" },
        { "eval {d}/rc0.npz {d}/images.npy --encoder random-cnn:1 -o {d}/r18.json", 2, "rc0.npz was made by random-cnn[seed=0] (random-cnn-v1) with tf@64, but {d}/images.npy would be encoded by random-cnn[seed=1]", "{d}/r18.json" },
        { "eval {d}/images.npy {d}/images.npy --weights {d}/nope.pth -o {d}/r19.json", 2, "--weights: {d}/nope.pth: file not found", "{d}/r19.json" },
        { "preprocess {d}/empty -o {d}/x.npy", 2, "no images found", "{d}/x.npy" },
        { "preprocess {f}/images/bad -o {d}/x2.npy", 2, "{f}/images/bad/", "{d}/x2.npy" },   // a corrupt image while preprocessing in parallel
        { "demo --n 10", 2, "--n: between 100 and 5000 samples per set", null },
        { "eval", 2, "Required argument 'inputs' missing", null },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_input_exits_with_a_clear_message_and_leaves_no_output(string args, int exit, string fragment, string? output)
    {
        string Fill(string s) => s.Replace("{d}", files.Dir.Path).Replace("{f}", Path.Combine(Fixtures.RepoRoot, "tests", "fixtures"));
        var (code, _, stderr) = CliHarness.Run(Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(code == exit, $"exit {code}, expected {exit}: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);   // a message, never a stack trace
        if (output is not null) Assert.False(File.Exists(Fill(output)), $"{Fill(output)} was left behind");
        Assert.Empty(Directory.GetFiles(files.Dir.Path, ".*.tmp"));
    }
}
