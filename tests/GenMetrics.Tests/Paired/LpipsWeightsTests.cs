using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Internals;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Paired;

/// <summary>The LPIPS weight layouts (torchvision + lpips, torch-fidelity, a whole LPIPS module) and loading through the store.</summary>
public class LpipsWeightsTests
{
    private static readonly (string A, string B)[] s_probe = [("48x56:scene:1", "48x56:noisy:1:5"), ("48x56:scene:2", "48x56:shift:2")];

    private static double[] Probe(LpipsModel m) => m.Distances([.. s_probe.Select(p => (PairedImages.Image(p.A), PairedImages.Image(p.B)))]);

    /// <summary>A whole LPIPS module's state_dict with exactly the keys and shapes lpips' module has (from the fixture).</summary>
    private static Dictionary<string, (int[] Shape, float[] Data)> Module(LpipsNet net)
    {
        var backbone = LpipsRandomWeights.Create(net);
        var linear = LpipsFixture.Linear(net);
        var module = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (var e in LpipsFixture.Net(net).GetProperty("module_keys").EnumerateArray())
        {
            string key = e[0].GetString()!;
            var shape = e[1].EnumerateArray().Select(d => d.GetInt32()).ToArray();
            (int[] Shape, float[] Data) value;
            if (key.StartsWith("net.slice", StringComparison.Ordinal))
            {
                var parts = key.Split('.', 4);                    // net, slice{s}, {i}, rest
                value = backbone[$"features.{parts[2]}.{parts[3]}"];
            }
            else if (key.StartsWith("lins.", StringComparison.Ordinal)) value = linear["lin" + key[5..]];   // lins.{t}.x aliases lin{t}.x
            else if (key.StartsWith("lin", StringComparison.Ordinal)) value = linear[key];
            else value = (shape, key.EndsWith("shift", StringComparison.Ordinal) ? LpipsGraph.Shift : LpipsGraph.Scale);
            Assert.Equal(shape, value.Shape);
            module[key] = value;
        }
        return module;
    }

    [Theory]
    [InlineData("Alex")]
    [InlineData("Vgg")]
    [InlineData("Squeeze")]
    public void A_whole_lpips_module_gives_the_same_network(string netName)
    {
        var net = Enum.Parse<LpipsNet>(netName);
        var module = Module(net);
        Assert.True(LpipsWeights.IsWholeModule(module));
        var fromModule = LpipsWeights.FromModule(net, module, "module.pth");
        var fromFiles = LpipsFixture.Weights(net);
        Assert.Equal(fromFiles.ContentSha256(), fromModule.ContentSha256());
        if (net == LpipsNet.Squeeze)
        {
            using var a = LpipsModel.Create(fromModule, threads: 2);
            using var b = LpipsModel.Create(fromFiles, threads: 2);
            Assert.Equal(Probe(b), Probe(a));
        }
    }

    [Fact]
    public void Torch_fidelitys_vgg16_lpips_layout_and_the_no_dropout_layout_are_accepted()
    {
        // torch-fidelity 5e211a9 sample_similarity_lpips.py loads weights-vgg16-lpips.pth strictly into
        // lin0..lin4 = NetLinLayer(use_dropout=True): exactly these keys (model.0 is the Dropout).
        var linear = LpipsFixture.Linear(LpipsNet.Vgg);
        Assert.Equal(Enumerable.Range(0, 5).Select(t => $"lin{t}.model.1.weight").Order(), linear.Keys.Order());
        var backbone = LpipsRandomWeights.Create(LpipsNet.Vgg);
        var sha = LpipsWeights.From(LpipsNet.Vgg, backbone, linear).ContentSha256();
        var noDropout = linear.ToDictionary(kv => kv.Key.Replace("model.1", "model.0"), kv => kv.Value);
        Assert.Equal(sha, LpipsWeights.From(LpipsNet.Vgg, backbone, noDropout).ContentSha256());
        // torchvision's classifier entries are ignored.
        var withClassifier = new Dictionary<string, (int[], float[])>(backbone) { ["classifier.6.weight"] = ([2, 2], new float[4]) };
        Assert.Equal(sha, LpipsWeights.From(LpipsNet.Vgg, withClassifier, linear).ContentSha256());
    }

    [Fact]
    public void Wrong_files_are_errors_naming_the_file_and_the_key()
    {
        var alexBackbone = LpipsRandomWeights.Create(LpipsNet.Alex);
        var e = Assert.Throws<InputException>(() => LpipsWeights.From(LpipsNet.Alex, alexBackbone, LpipsFixture.Linear(LpipsNet.Vgg), "b.pth", "vgg.pth"));
        Assert.StartsWith("vgg.pth: not the LPIPS v0.1 linear layers of AlexNet", e.Message);
        Assert.Contains("lin1.model.1.weight' has shape [1, 128, 1, 1], expected [1, 192, 1, 1]", e.Message);

        e = Assert.Throws<InputException>(() => LpipsWeights.From(LpipsNet.Vgg, alexBackbone, LpipsFixture.Linear(LpipsNet.Vgg), "alexnet.pth", "vgg.pth"));
        Assert.StartsWith("alexnet.pth: not the torchvision VGG16 state_dict", e.Message);

        var extra = new Dictionary<string, (int[], float[])>(alexBackbone) { ["features.99.weight"] = ([1], [0f]) };
        e = Assert.Throws<InputException>(() => LpipsWeights.From(LpipsNet.Alex, extra, LpipsFixture.Linear(LpipsNet.Alex), "x.pth", "alex.pth"));
        Assert.Contains("unexpected key 'features.99.weight'", e.Message);

        var module = Module(LpipsNet.Alex);
        var moved = module.ToDictionary(kv => kv.Key.Replace("net.slice2.3.", "net.slice3.3."), kv => kv.Value);
        e = Assert.Throws<InputException>(() => LpipsWeights.FromModule(LpipsNet.Alex, moved, "m.pth"));
        Assert.Contains("net.slice3.3.weight", e.Message);
        Assert.Throws<InputException>(() => LpipsWeights.FromModule(LpipsNet.Squeeze, module, "m.pth"));

        // The ModuleList alias lins.{t} stands in for lin{t}, and must agree with it when both are there.
        var onlyList = module.Where(kv => !kv.Key.StartsWith("lin0.", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(LpipsWeights.FromModule(LpipsNet.Alex, module).ContentSha256(), LpipsWeights.FromModule(LpipsNet.Alex, onlyList).ContentSha256());
        var differing = new Dictionary<string, (int[] Shape, float[] Data)>(module);
        differing["lins.2.model.1.weight"] = (differing["lins.2.model.1.weight"].Shape, new float[384]);
        e = Assert.Throws<InputException>(() => LpipsWeights.FromModule(LpipsNet.Alex, differing, "m.pth"));
        Assert.Contains("'lins.2.model.1.weight' differs from 'lin2.model.1.weight'", e.Message);
    }

    [Fact]
    public void Registry_knows_the_canonical_files()
    {
        foreach (var net in Enum.GetValues<LpipsNet>())
        {
            var lin = WeightsRegistry.Get(LpipsModel.LinearWeightsName(net));
            var bytes = File.ReadAllBytes(LpipsFixture.LinearPath(net));
            Assert.True(lin.Accepts(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            Assert.Equal(64, lin.Sha256Prefix.Length);
            Assert.Equal(bytes.Length, lin.ApproximateBytes);
            Assert.Equal($"https://github.com/richzhang/PerceptualSimilarity/raw/master/lpips/weights/v0.1/{LpipsFixture.Name(net)}.pth", lin.Url);
        }
        Assert.Equal("https://download.pytorch.org/models/alexnet-owt-7be5be79.pth", WeightsRegistry.Get(LpipsModel.BackboneWeightsName(LpipsNet.Alex)).Url);
        Assert.Equal("https://download.pytorch.org/models/vgg16-397923af.pth", WeightsRegistry.Get(LpipsModel.BackboneWeightsName(LpipsNet.Vgg)).Url);
        Assert.Equal("https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth", WeightsRegistry.Get(LpipsModel.BackboneWeightsName(LpipsNet.Squeeze)).Url);
        Assert.Equal("b8a52dc0", WeightsRegistry.Get(WeightsRegistry.SqueezeNet11).Sha256Prefix);
    }

    [Fact]
    public void Open_resolves_both_files_through_the_store_and_caches_the_model()
    {
        using var home = Fixtures.TempDir();
        var store = new WeightsStore(new WeightsStoreSettings { Home = new GenMetricsHome(home.Path), UrlBase = "http://127.0.0.1:9/", MaxAttempts = 1, UseProxy = false });
        var backbonePath = home.File("squeezenet_random.pth");
        File.WriteAllBytes(backbonePath, [1, 2, 3]);   // stands for the file; the reader below supplies its tensors
        var linearPath = LpipsFixture.LinearPath(LpipsNet.Squeeze);
        var reads = new List<string>();
        IReadOnlyDictionary<string, (int[] Shape, float[] Data)> Read(string path)
        {
            reads.Add(Path.GetFileName(path));
            return path == backbonePath ? LpipsRandomWeights.Create(LpipsNet.Squeeze) : InceptionLoader.StateDict(path);
        }

        var (model, files) = LpipsModel.Open(LpipsNet.Squeeze, backbonePath, linearPath, store, threads: 2, readStateDict: Read);
        using (model)
        {
            Assert.False(model.LoadedFromCache);
            Assert.Equal(["squeeze.pth", "squeezenet_random.pth"], reads);
            Assert.Equal(new[] { WeightsRegistry.SqueezeNet11, WeightsRegistry.LpipsSqueeze }.Order(), files.Select(x => x.Name).Order());
            Assert.False(files.Single(x => x.Name == WeightsRegistry.SqueezeNet11).MatchesExpected);   // not the real backbone: warn
            Assert.True(files.Single(x => x.Name == WeightsRegistry.LpipsSqueeze).MatchesExpected);
            using var direct = LpipsModel.Create(LpipsFixture.Weights(LpipsNet.Squeeze), threads: 2);
            Assert.Equal(Probe(direct), Probe(model));
        }
        reads.Clear();
        var (again, _) = LpipsModel.Open(LpipsNet.Squeeze, backbonePath, linearPath, store, threads: 2, readStateDict: Read);
        using (again)
        {
            Assert.True(again.LoadedFromCache);
            Assert.Equal(["squeeze.pth"], reads);   // the backbone is not read on a cache hit
        }
    }

    [Fact]
    public void Open_takes_a_whole_module_alone_and_refuses_a_backbone_beside_it()
    {
        using var home = Fixtures.TempDir();
        var store = new WeightsStore(new WeightsStoreSettings { Home = new GenMetricsHome(home.Path), UrlBase = "http://127.0.0.1:9/", MaxAttempts = 1, UseProxy = false });
        var modulePath = home.File("lpips_squeeze_module.pth");
        File.WriteAllBytes(modulePath, [4, 5, 6]);
        var module = Module(LpipsNet.Squeeze);
        IReadOnlyDictionary<string, (int[] Shape, float[] Data)> Read(string path) => path == modulePath ? module : throw new InvalidOperationException(path);

        var (model, files) = LpipsModel.Open(LpipsNet.Squeeze, null, modulePath, store, threads: 2, readStateDict: Read);
        using (model)
        {
            Assert.Equal("lpips-v0.1-squeeze-module", Assert.Single(files).Name);
            using var direct = LpipsModel.Create(LpipsFixture.Weights(LpipsNet.Squeeze), threads: 2);
            Assert.Equal(Probe(direct), Probe(model));
        }
        var e = Assert.Throws<InputException>(() => LpipsModel.Open(LpipsNet.Squeeze, home.File("other.pth"), modulePath, store, readStateDict: Read));
        Assert.Contains("whole LPIPS module", e.Message);
    }
}
