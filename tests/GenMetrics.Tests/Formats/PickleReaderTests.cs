using System.Numerics;
using GenMetrics.Formats;
using static GenMetrics.Tests.Formats.TorchFixtures;

namespace GenMetrics.Tests.Formats;

public class PickleReaderTests
{
    private static object? Load(byte[] bytes, PickleHost? host = null)
    {
        using var s = new MemoryStream(bytes);
        return PickleReader.Load(s, "x.pkl", host ?? new PickleHost());
    }

    /// <summary>tests/fixtures/torch/pickle/plain_pN.pkl: pickle.dump of the same dict with protocols 2 to 5.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Plain_values_of_every_protocol(int protocol)
    {
        // protocol 2 pickles bytes as _codecs.encode(str, 'latin1'), which the torch host allows
        var d = Assert.IsType<PickleDict>(Load(File.ReadAllBytes(Path($"pickle/plain_p{protocol}.pkl")), new TorchPickleHost("x.pkl")));
        object? Get(object key) => d.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key.ToString());
        Assert.Equal(1L, Get("int"));
        Assert.Equal(-5L, Get("neg"));
        Assert.Equal((long)int.MinValue, Get("i32"));
        Assert.Equal(65535L, Get("u16"));
        Assert.Equal(1L << 40, Get("i40"));
        Assert.Equal(long.MinValue, Get("i64"));
        Assert.Equal(BigInteger.Pow(2, 70), Get("big"));
        Assert.Equal(1.5, Get("float"));
        Assert.True(double.IsNaN((double)Get("nan")!));
        Assert.Equal(true, Get("t"));
        Assert.Equal(false, Get("f"));
        Assert.Null(Get("none"));
        Assert.Equal(new byte[] { (byte)'x', (byte)'y', 0 }, Get("bytes"));
        Assert.Equal("\u00e9\u4e2d", Get("str"));
        Assert.Empty(Assert.IsType<object?[]>(Get("tuple0")));
        Assert.Equal(new object?[] { 1L }, Get("tuple1"));
        Assert.Equal(new object?[] { 1L, 2L }, Get("tuple2"));
        Assert.Equal(new object?[] { 1L, 2L, 3L }, Get("tuple3"));
        Assert.Equal(new object?[] { 1L, 2L, 3L, 4L, 5L }, Get("tuple5"));
        var list = Assert.IsType<List<object?>>(Get("list"));
        Assert.Equal(1L, list[0]);
        Assert.Equal(3L, Assert.IsType<List<object?>>(Assert.IsType<List<object?>>(list[1])[1])[0]);
        var shared = Assert.IsType<object?[]>(Get("shared"));
        Assert.Same(shared[0], shared[1]);     // the memo gives back the same object
        Assert.Equal(new string('x', 300), Get("long_str"));
        Assert.Equal("int key", Get(7L));
        Assert.Equal("int", d.Items[0].Key);   // insertion order
    }

    [Fact]
    public void Without_a_host_no_global_is_resolved()
    {
        var e = Assert.Throws<InputException>(() => Load(File.ReadAllBytes(Path("bad/evil_global.pkl"))));
        Assert.Equal("x.pkl: the pickle refers to 'os.system', which GenMetrics does not load", e.Message);
    }

    [Fact]
    public void The_torch_host_refuses_globals_outside_its_list()
    {
        foreach (var (file, global) in new[] { ("evil_global", "os.system"), ("evil_stack", "builtins.eval"), ("evil_getattr", "builtins.getattr") })
        {
            var e = Assert.Throws<InputException>(() => Load(File.ReadAllBytes(Path($"bad/{file}.pkl")), new TorchPickleHost("ckpt.pth")));
            Assert.Equal($"ckpt.pth: the checkpoint refers to '{global}', which GenMetrics does not load (only tensors and dicts are read)", e.Message);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x02, 0xff }, "x.pkl: corrupt pickle: unknown opcode 0xff at offset 2")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'I', (byte)'1', (byte)'\n', (byte)'.' }, "x.pkl: unsupported pickle opcode INT (0x49) at offset 2; torch.save does not write it")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'K', 1 }, "x.pkl: the pickle is truncated (it ends at offset 4 before its STOP opcode)")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'X', 0xff, 0xff, 0, 0, (byte)'.' }, "x.pkl: the pickle is truncated")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'0', (byte)'.' }, "x.pkl: corrupt pickle: an empty stack at offset 2")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'h', 3, (byte)'.' }, "x.pkl: corrupt pickle: memo key 3 that was never stored at offset 2")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'t', (byte)'.' }, "x.pkl: corrupt pickle: no MARK at offset 2")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'K', 1, (byte)'K', 2, (byte)'.' }, "x.pkl: corrupt pickle: STOP with an unbalanced stack at offset 6")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)']', (byte)'K', 1, (byte)'K', 2, (byte)'s', (byte)'.' }, "x.pkl: corrupt pickle: SETITEM on a list at offset 7")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'N', (byte)'Q', (byte)'.' }, "x.pkl: the pickle refers to an object stored outside it")]
    public void Corrupt_pickles_are_named_with_the_offset(byte[] bytes, string message)
    {
        var e = Assert.Throws<InputException>(() => Load(bytes));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Reading_stops_right_after_STOP()
    {
        using var s = new MemoryStream([0x80, 0x02, (byte)'K', 7, (byte)'.', 0x80, 0x02, (byte)'N', (byte)'.']);
        Assert.Equal(7L, PickleReader.Load(s, "x", new PickleHost()));
        Assert.Equal(5, s.Position);
        Assert.Null(PickleReader.Load(s, "x", new PickleHost()));
    }
}
