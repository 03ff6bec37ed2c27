using GenMetrics.Evaluation;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

public class FeatureCacheTests
{
    [Fact]
    public void Stored_features_come_back_equal_under_the_same_key_only()
    {
        using var dir = Fixtures.TempDir();
        var cache = new FeatureCache(dir.Path);
        var f = SyntheticFeatures.Create(3, 20, 7);
        var key = FeatureCache.Key("abc", "inception:6726825d", "tf", "batch-independent");
        Assert.Null(cache.TryLoad(key, 20));
        cache.Store(key, f);
        var back = cache.TryLoad(key, 20);
        Assert.NotNull(back);
        Assert.Equal(f.Span.ToArray(), back!.Span.ToArray());
        Assert.Null(cache.TryLoad(key, 21));   // a different sample count is not this entry

        // Every part of the recipe changes the key.
        Assert.NotEqual(key, FeatureCache.Key("abd", "inception:6726825d", "tf", "batch-independent"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "random-cnn:0", "tf", "batch-independent"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "inception:6726825d", "clean", "batch-independent"));
        Assert.NotEqual(key, FeatureCache.Key("abc", "inception:6726825d", "tf", "other"));
    }

    [Fact]
    public void A_damaged_entry_is_treated_as_missing()
    {
        using var dir = Fixtures.TempDir();
        var cache = new FeatureCache(dir.Path);
        var key = FeatureCache.Key("x", "e", "p");
        Directory.CreateDirectory(Path.GetDirectoryName(cache.PathOf(key))!);
        File.WriteAllText(cache.PathOf(key), "garbage");
        Assert.Null(cache.TryLoad(key, 1));
        cache.Store(key, SyntheticFeatures.Create(1, 1, 2));
        Assert.NotNull(cache.TryLoad(key, 1));
    }
}
