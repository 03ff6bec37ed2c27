using System.Text.Json;
using GenMetrics.Formats;
using static GenMetrics.Tests.Formats.TorchFixtures;

namespace GenMetrics.Tests.Formats;

public class TorchCheckpointTests
{
    public static TheoryData<string> AllFiles => Files();

    /// <summary>Every tensor torch.load returns, with its name (in order), dtype, shape and values.</summary>
    [Theory, MemberData(nameof(AllFiles))]
    public void Reads_what_torch_load_reads(string file)
    {
        var expected = Expected(file).EnumerateArray().ToList();
        var tensors = TorchCheckpoint.ReadStateDict(Path(file));
        Assert.Equal(expected.Select(e => e.GetProperty("name").GetString()!), tensors.Keys);
        foreach (var e in expected)
        {
            var name = e.GetProperty("name").GetString()!;
            var t = tensors[name];
            Assert.Equal(name, t.Name);
            Assert.Equal(e.GetProperty("dtype").GetString(), t.DType.Name());
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), t.Shape);
            if (e.TryGetProperty("values", out var values)) AssertValues(name, t, values);
            else AssertChecksum(name, t, e);
        }
    }

    private static void AssertValues(string name, TorchTensor t, JsonElement values)
    {
        var actual = t.ToFloat64();
        Assert.Equal(values.GetArrayLength(), actual.Length);
        int i = 0;
        foreach (var v in values.EnumerateArray())
        {
            double want = Number(v);
            AssertSame(want, actual[i], $"{name}[{i}]");
            if (!t.DType.IsFloatingPoint()) Assert.Equal(v.GetInt64(), t.ToInt64()[i]);
            i++;
        }
        var f32 = t.ToFloat32();
        for (int k = 0; k < actual.Length; k++) AssertSame((float)actual[k], f32[k], $"{name}[{k}] as float32");
    }

    private static void AssertChecksum(string name, TorchTensor t, JsonElement e)
    {
        var values = t.ToFloat64();
        double want = Number(e.GetProperty("fsum"));
        double sum = 0, c = 0;   // Neumaier: close to math.fsum's exactly rounded sum
        foreach (var v in values)
        {
            double s = sum + v;
            c += Math.Abs(sum) >= Math.Abs(v) ? (sum - s) + v : (v - s) + sum;
            sum = s;
        }
        Assert.True(Math.Abs(sum + c - want) <= 1e-12 * Math.Max(1, Math.Abs(want)), $"{name}: sum {sum + c:R}, torch {want:R}");
        foreach (var s in e.GetProperty("samples").EnumerateArray())
            AssertSame(Number(s[1]), values[s[0].GetInt32()], $"{name}[{s[0].GetInt32()}]");
    }

    private static void AssertSame(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData("zip/views.pth")]
    [InlineData("legacy/views.pth")]
    [InlineData("zip/p4.pth")]
    public void Views_share_one_storage_and_copy_out_in_C_order(string file)
    {
        var t = TorchCheckpoint.ReadStateDict(Path(file));
        var storage = t["base"].Storage;
        foreach (var name in (string[])["transposed", "strided", "offset", "row", "expanded"]) Assert.Same(storage, t[name].Storage);
        Assert.False(t["transposed"].IsContiguous);
        Assert.Equal([0f, 6, 12, 18, 1, 7], t["transposed"].ToFloat32()[..6]);
        Assert.Equal([1f, 3, 5, 7, 9, 11, 13], t["strided"].ToFloat32()[..7]);
        Assert.Equal([5f, 6, 7, 8, 9, 10], t["offset"].ToFloat32());
        Assert.Equal(5, t["offset"].StorageOffset);
        Assert.Equal(Enumerable.Repeat(new float[] { 6, 7, 8, 9, 10, 11 }, 3).SelectMany(x => x), t["expanded"].ToFloat32());
        Assert.Equal(0, t["expanded"].Strides[0]);
    }

    [Theory]
    [InlineData("zip/module.pth")]
    [InlineData("legacy/wrapped.pth")]
    [InlineData("zip/model_key.pth")]
    public void A_module_state_dict_keeps_num_batches_tracked_as_a_0_dim_int64(string file)
    {
        var t = TorchCheckpoint.ReadStateDict(Path(file));
        Assert.Equal(["conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc.weight", "fc.bias"], t.Keys);
        var n = t["bn.num_batches_tracked"];
        Assert.Empty(n.Shape);
        Assert.Equal(TorchDType.Int64, n.DType);
        Assert.Equal([3L], n.ToInt64());
        Assert.Equal([4, 3, 3, 3], t["conv.weight"].Shape);
    }

    [Fact]
    public void Integer_conversion_of_a_float_tensor_is_refused()
    {
        var t = TorchCheckpoint.ReadStateDict(Path("zip/dtypes.pth"))["f32"];
        var e = Assert.Throws<InputException>(() => t.ToInt64());
        Assert.Contains("'f32'", e.Message);
    }

    [Fact]
    public void The_object_tree_keeps_non_tensor_entries()
    {
        var root = Assert.IsType<PickleDict>(TorchCheckpoint.ReadObject(Path("legacy/wrapped.pth")));
        Assert.True(root.TryGetValue("epoch", out var epoch));
        Assert.Equal(3L, epoch);
        Assert.True(root.TryGetValue("arch", out var arch));
        Assert.Equal("tiny", arch);
    }

    [Fact]
    public void Real_lpips_files_are_legacy_protocol_2_with_cuda_locations()
    {
        var t = TorchCheckpoint.ReadStateDict(Path("../lpips/vgg.pth"));
        Assert.Equal(["lin0.model.1.weight", "lin1.model.1.weight", "lin2.model.1.weight", "lin3.model.1.weight", "lin4.model.1.weight"], t.Keys);
        Assert.Equal([1, 512, 1, 1], t["lin4.model.1.weight"].Shape);
    }
}
