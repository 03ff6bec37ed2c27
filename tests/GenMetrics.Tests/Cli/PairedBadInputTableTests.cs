using GenMetrics.Tests.Paired;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Small image sets for the paired bad-input table: pairs that match, and sets that break each rule.</summary>
public sealed class PairedBadInputFiles : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    public PairedBadInputFiles()
    {
        void Png(string rel, string spec, bool grey = false) => PairedPng.WriteSpec(Dir.File(rel), spec, grey);
        foreach (var (name, seed) in new[] { ("1.png", 1), ("2.png", 2), ("3.png", 3) })
        {
            Png($"a/{name}", $"40x48:scene:{seed}");
            Png($"b/{name}", $"40x48:noisy:{seed}:{seed + 9}");
        }
        Png("size/1.png", "40x48:scene:1");
        Png("size/2.png", "41x48:scene:2");                  // one pixel taller than a/2.png
        Png("size/3.png", "40x48:scene:3");
        Png("grey/1.png", "40x48:scene:1");
        Png("grey/2.png", "40x48:scene:2", grey: true);     // stored as one grey channel
        Png("grey/3.png", "40x48:scene:3");
        Png("fewer/1.png", "40x48:scene:1");
        Png("fewer/3.png", "40x48:scene:3");
        Png("renamed/1.png", "40x48:scene:1");
        Png("renamed/2.png", "40x48:scene:2");
        Png("renamed/4.png", "40x48:scene:3");
        Png("corrupt/1.png", "40x48:scene:1");
        File.WriteAllBytes(Dir.File("corrupt/2.png"), File.ReadAllBytes(Dir.File("a/2.png"))[..200]);   // truncated
        Png("corrupt/3.png", "40x48:scene:3");
        Png("small/1.png", "9x12:scene:1");
        Png("small2/1.png", "9x12:scene:2");
        Png("one/1.png", "40x48:scene:1");
        Png("x.png", "40x48:scene:5");
        Png("y.png", "40x40:scene:5");
        Directory.CreateDirectory(Dir.File("out-folder"));
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// Bad inputs of the paired commands through the real command tree, in the style of <see cref="BadInputTableTests"/>:
/// the arguments ({d} is the folder of the sets above, {f} the fixtures), the exit code, a fragment of the message,
/// and the output that must not exist afterwards. None reaches a network: LPIPS rows fail before any weights are read.
/// </summary>
public class PairedBadInputTableTests(PairedBadInputFiles files) : IClassFixture<PairedBadInputFiles>
{
    public static TheoryData<string, int, string, string?> Rows => new()
    {
        // Pairs that do not match: size, channel count, partners; each message names the images.
        { "ssim {d}/a {d}/size -o {d}/r1.json", 2, "{d}/a/2.png is 48 x 40 but {d}/size/2.png is 48 x 41; a pair must have the same size", "{d}/r1.json" },
        { "psnr {d}/x.png {d}/y.png -o {d}/r2.json", 2, "{d}/x.png is 48 x 40 but {d}/y.png is 40 x 40", "{d}/r2.json" },
        { "ssim {d}/a {d}/grey -o {d}/r3.json --per-image {d}/r3.csv", 2, "{d}/grey/2.png is greyscale (1 channel), {d}/a/2.png is colour (3 channels)", "{d}/r3.csv" },
        { "psnr {d}/grey {d}/a -o {d}/r4.json", 2, "differ in channel count", "{d}/r4.json" },
        { "ssim {d}/a {d}/fewer -o {d}/r5.json", 2, "1 image(s) of {d}/a have no partner in {d}/fewer (2.png)", "{d}/r5.json" },
        { "psnr {d}/fewer {d}/a --per-image {d}/r6.csv", 2, "1 image(s) of {d}/a have no partner in {d}/fewer (2.png)", "{d}/r6.csv" },
        { "ssim {d}/a {d}/renamed -o {d}/r7.json", 2, "1 image(s) of {d}/a have no partner in {d}/renamed (3.png); 1 image(s) of {d}/renamed have no partner in {d}/a (4.png)", "{d}/r7.json" },
        { "lpips {d}/a {d}/fewer -o {d}/r8.json", 2, "do not pair up by relative file name", "{d}/r8.json" },
        // Unreadable or missing inputs.
        { "ssim {d}/a {d}/corrupt -o {d}/r9.json --per-image {d}/r9.csv", 2, "{d}/corrupt/2.png: the image is truncated or corrupt", "{d}/r9.json" },
        { "ssim {d}/nope {d}/a -o {d}/r11.json", 2, "{d}/nope: no such file or folder", "{d}/r11.json" },
        { "psnr {d}/a {d}/out-folder -o {d}/r12.json", 2, "{d}/out-folder: no images found", "{d}/r12.json" },
        // Images the metric cannot take.
        { "ms-ssim {d}/a {d}/b -o {d}/r13.json", 2, "too small for MS-SSIM (five scales of an 11 x 11 window), which needs at least 161 x 161 pixels", "{d}/r13.json" },
        { "ssim {d}/small {d}/small2 -o {d}/r14.json", 2, "{d}/small/1.png and {d}/small2/1.png: 12 x 9 is too small for piq's SSIM (11 x 11 window)", "{d}/r14.json" },
        { "lpips-diversity {d}/one -o {d}/r15.json", 2, "{d}/one: has 1 image; pairs of distinct images need at least 2", "{d}/r15.json" },
        // Options out of range or of another command; outputs.
        { "ssim {d}/a {d}/b --convention matlab", 2, "Argument 'matlab' not recognized. Must be one of", null },
        { "psnr {d}/a {d}/b --convention skimage", 2, "Argument 'skimage' not recognized. Must be one of", null },
        { "lpips {d}/a {d}/b --net resnet", 2, "Argument 'resnet' not recognized. Must be one of", null },
        { "lpips {d}/a {d}/b --weights {d}/nope.pth -o {d}/r16.json", 2, "--weights: {d}/nope.pth: file not found", "{d}/r16.json" },
        { "lpips {d}/a {d}/b --lpips-weights {d}/nope.pth -o {d}/r17.json", 2, "--lpips-weights: {d}/nope.pth: file not found", "{d}/r17.json" },
        { "lpips {d}/a {d}/b --lpips-weights {d}/out-folder", 2, "--lpips-weights: {d}/out-folder: is a folder", null },
        { "lpips {d}/a {d}/b --batch-size 0", 2, "--batch-size: must be at least 1, got 0", null },
        { "lpips {d}/a {d}/b --device cuda", 2, "--device cuda: this build runs on the CPU only", null },
        { "lpips-diversity {d}/a --pairs 0", 2, "--pairs: must be at least 1, got 0", null },
        { "lpips-diversity {d}/a --seed -1", 2, "--seed: -1 is not a valid seed", null },
        { "ssim {d}/a {d}/b --threads 0", 2, "--threads: must be at least 1", null },
        { "ssim {d}/a {d}/b --net alex", 2, "--net", null },
        { "psnr {d}/a {d}/b -o - --per-image -", 2, "only one of them can be standard output", null },
        { "ssim {d}/a {d}/b --per-image {d}/out-folder", 2, "--per-image {d}/out-folder: is a folder; give a file path", null },
        { "ssim {d}/a {d}/b -o {d}/missing/r.json", 2, "folder '{d}/missing' does not exist", "{d}/missing/r.json" },
        { "ssim {d}/a", 2, "Required argument 'b' missing", null },
        // The paired metrics are not eval's.
        { "eval {d}/a {d}/b -m ssim", 2, "--metrics: ssim compares image pairs: run 'genmetrics ssim A B'", null },
        { "eval {d}/a {d}/b -m fid,ms_ssim", 2, "--metrics: ms_ssim compares image pairs: run 'genmetrics ms-ssim A B'", null },
        { "eval {d}/a {d}/b --greyscale", 2, "Unrecognized command or argument '--greyscale'", null },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_input_exits_with_a_clear_message_and_leaves_no_output(string args, int exit, string fragment, string? output)
    {
        string Fill(string s) => s.Replace("{d}", files.Dir.Path).Replace("{f}", Path.Combine(Fixtures.RepoRoot, "tests", "fixtures"));
        var (code, _, stderr) = PairedCliHarness.Run(Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(code == exit, $"exit {code}, expected {exit}: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);   // a message, never a stack trace
        if (output is not null) Assert.False(File.Exists(Fill(output)), $"{Fill(output)} was left behind");
        Assert.Empty(Directory.GetFiles(files.Dir.Path, ".*.tmp"));
    }
}
