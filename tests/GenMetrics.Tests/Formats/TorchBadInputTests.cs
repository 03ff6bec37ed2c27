using GenMetrics.Formats;
using static GenMetrics.Tests.Formats.TorchFixtures;

namespace GenMetrics.Tests.Formats;

/// <summary>Malicious, truncated and corrupt checkpoints: an InputException naming the file, never anything else.</summary>
public class TorchBadInputTests
{
    private const string Marker = "/tmp/genmetrics-pwned";

    [Theory]
    [InlineData("bad/evil_global.pth", "os.system")]
    [InlineData("bad/evil_stack.pth", "builtins.eval")]
    [InlineData("bad/evil_getattr.pth", "builtins.getattr")]
    [InlineData("bad/evil_legacy.pth", "os.system")]
    public void A_global_outside_the_allow_list_is_refused_and_nothing_runs(string file, string global)
    {
        File.Delete(Marker);
        var e = Assert.Throws<InputException>(() => TorchCheckpoint.ReadStateDict(Path(file)));
        Assert.Equal($"{Path(file)}: the checkpoint refers to '{global}', which GenMetrics does not load (only tensors and dicts are read)", e.Message);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData("bad/not_a_checkpoint.pth", "not a PyTorch checkpoint (neither a zip archive nor torch's legacy format)")]
    [InlineData("bad/empty.pth", "not a PyTorch checkpoint (the file is empty)")]
    [InlineData("bad/other_zip.pth", "not a PyTorch checkpoint (a zip archive without an ARCHIVE/data.pkl member)")]
    [InlineData("bad/truncated_zip.pth", "not a PyTorch checkpoint (a damaged or truncated zip archive")]
    [InlineData("bad/missing_storage.pth", "storage '0' is missing (no member 'views/data/0')")]
    [InlineData("bad/short_storage.pth", "member 'views/data/0' holds 92 bytes, but the pickle declares 24 float32 elements (96 bytes)")]
    [InlineData("bad/bad_opcode.pth", "corrupt pickle: unknown opcode 0xff at offset")]
    [InlineData("bad/truncated_pickle.pth", "the pickle is truncated")]
    [InlineData("bad/truncated_legacy_storage.pth", "the file is truncated")]
    [InlineData("bad/truncated_legacy_pickle.pth", "the pickle is truncated")]
    [InlineData("bad/out_of_bounds.pth", "reaches past the end of storage '0' (24 elements)")]
    public void A_bad_file_is_an_InputException_naming_it(string file, string problem)
    {
        var e = Assert.Throws<InputException>(() => TorchCheckpoint.ReadStateDict(Path(file)));
        Assert.StartsWith(Path(file), e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<InputException>(() => TorchCheckpoint.ReadStateDict(Path("bad/nope.pth")));
        Assert.Equal($"{Path("bad/nope.pth")}: file not found", e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_legacy_file_is_an_InputException()
    {
        var bytes = File.ReadAllBytes(Path("legacy/module.pth"));
        using var dir = Support.Fixtures.TempDir();
        var file = dir.File("cut.pth");
        for (int n = 0; n < bytes.Length; n += Math.Max(1, n / 16))
        {
            File.WriteAllBytes(file, bytes[..n]);
            var e = Assert.Throws<InputException>(() => TorchCheckpoint.ReadStateDict(file));
            Assert.StartsWith(file + ": ", e.Message);
        }
    }

    [Fact]
    public void Every_single_byte_corruption_of_a_pickle_is_an_InputException_or_reads_back_in_bounds()
    {
        // Flip each byte of a legacy file's object pickle: the reader either rejects the file or returns tensors whose
        // elements lie inside their storages (a changed name or value is not detectable without a checksum).
        var bytes = File.ReadAllBytes(Path("legacy/views.pth"));
        using var dir = Support.Fixtures.TempDir();
        var file = dir.File("flip.pth");
        for (int i = 0; i < Math.Min(bytes.Length, 900); i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x5a;
            File.WriteAllBytes(file, copy);
            try
            {
                foreach (var t in TorchCheckpoint.ReadStateDict(file).Values) _ = t.ToFloat64();
            }
            catch (InputException e)
            {
                Assert.StartsWith(file + ": ", e.Message);
            }
        }
    }
}
