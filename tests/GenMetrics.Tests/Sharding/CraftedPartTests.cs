using System.Text;
using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Sharding;

/// <summary>
/// k-NN parts whose record was edited: merge answers with an InputException naming the part, and allocates nothing for
/// sizes the record only claims.
/// </summary>
public class CraftedPartTests
{
    /// <summary>A one-shard part of copies, alpha_precision and ct whose record goes through <paramref name="edit"/>.</summary>
    private static string Part(TempDir dir, Action<JsonObject> edit, Action<List<KeyValuePair<string, NpyArray>>>? arrays = null)
    {
        var (real, gen, train) = ShardedMemorizationTests.Data(300, 400, 350);
        var set = ShardedMemorizationTests.Set(real, gen, train);
        var metrics = MetricRegistry.Default.Resolve(["copies", "alpha_precision", "ct"]).Select(m => m.Create()).ToList();
        var path = dir.File("part.npz");
        KnnPart.Compute(set, metrics, new Shard(0, 1)).Write(path);
        var all = Npz.ListArrays(path).Select(k => new KeyValuePair<string, NpyArray>(k, Npz.ReadArray(path, k))).ToList();
        int at = all.FindIndex(a => a.Key == PartFile.InfoKey);
        var json = JsonNode.Parse(Encoding.UTF8.GetString(all[at].Value.ToBytes()))!.AsObject();
        edit(json);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        all[at] = new(PartFile.InfoKey, NpyArray.From<byte>(bytes, [bytes.Length]));
        arrays?.Invoke(all);
        var crafted = dir.File("crafted.npz");
        Npz.Write(crafted, all);
        return crafted;
    }

    private static InputException Merge(TempDir dir, string part, out long allocated)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InputException>(() => ShardMerge.Merge([part], dir.File("merged.json")));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.StartsWith(part, e.Message);
        return e;
    }

    [Fact]
    public void A_claimed_size_of_two_billion_samples_is_refused_before_it_is_allocated()
    {
        using var dir = Fixtures.TempDir();
        var part = Part(dir, json =>
        {
            foreach (var input in json["inputs"]!.AsArray())
                if (input!["role"]!.GetValue<string>() == "generated") { input["end"] = int.MaxValue; input["total"] = int.MaxValue; }
        });
        var e = Merge(dir, part, out long allocated);
        Assert.Contains("has shape (400,), expected (2147483647,)", e.Message);
        Assert.True(allocated < 64L << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_setting_out_of_range_in_the_record_names_the_part()
    {
        using var dir = Fixtures.TempDir();
        var part = Part(dir, json =>
        {
            foreach (var metric in json["metrics"]!.AsArray())
                if (metric!["name"]!.GetValue<string>() == "copies") metric["options"] = "copy_ratio=-0.5";
        });
        var e = Merge(dir, part, out _);
        Assert.Contains("-0.5", e.Message);
    }

    [Fact]
    public void Names_that_do_not_end_in_a_zero_byte_are_refused()
    {
        using var dir = Fixtures.TempDir();
        var part = Part(dir, _ => { }, arrays =>
        {
            // The generated names of features inputs are absent; give the part names whose last one is cut short.
            var names = string.Concat(Enumerable.Range(0, 400).Select(i => $"g{i}.png\0"));
            var bytes = Encoding.UTF8.GetBytes(names)[..^1];
            arrays.Add(new("generated_names", NpyArray.From<byte>(bytes, [bytes.Length])));
            var refs = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 350).Select(i => $"t{i}.png\0")));
            arrays.Add(new("reference_names", NpyArray.From<byte>(refs, [refs.Length])));
        });
        var e = Merge(dir, part, out _);
        Assert.Contains("the names in 'generated_names' do not end in a zero byte", e.Message);
    }
}
