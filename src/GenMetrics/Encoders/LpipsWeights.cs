using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GenMetrics.Encoders;

/// <summary>
/// The weights of one LPIPS network, checked against its layout: the backbone's torchvision <c>features</c> tensors
/// (<see cref="LpipsBackbone.Tensors"/>) and one 1 x 1 linear layer per tap (shape 1 x C x 1 x 1, no bias).
/// </summary>
/// <remarks>
/// Accepted layouts. Backbone: a torchvision state_dict (alexnet-owt-7be5be79.pth, vgg16-397923af.pth,
/// squeezenet1_1-b8a52dc0.pth; its <c>classifier.*</c> entries are ignored). Linear layers: lpips' v0.1 files
/// (<c>lin{t}.model.1.weight</c>, the Dropout being module 0) and torch-fidelity's <c>weights-vgg16-lpips.pth</c>,
/// which torch-fidelity 5e211a9 <c>sample_similarity_lpips.py</c> loads strictly into the same
/// <c>lin{t} = NetLinLayer(use_dropout=True)</c> modules, so it has the same five keys; <c>lin{t}.model.0.weight</c>
/// (a module built with use_dropout=False) is accepted too. Or one whole LPIPS module's state_dict
/// (<c>net.slice{s}.{i}.*</c> = torchvision's <c>features.{i}.*</c>, plus the linear layers, each twice as
/// <c>lin{t}.*</c> and <c>lins.{t}.*</c> because LPIPS also holds them in a ModuleList, and the
/// <c>scaling_layer</c> buffers, which are ignored: the scaling constants are fixed).
/// A missing key, a wrong shape or an unexpected key is an <see cref="InputException"/> naming the file and the key.
/// </remarks>
internal sealed partial class LpipsWeights
{
    private readonly IReadOnlyDictionary<string, (int[] Shape, float[] Data)> _features;
    private readonly float[][] _linear;

    private LpipsWeights(LpipsNet net, IReadOnlyDictionary<string, (int[] Shape, float[] Data)> features, float[][] linear, string source)
    {
        Net = net;
        _features = features;
        _linear = linear;
        Source = source;
    }

    public LpipsNet Net { get; }

    /// <summary>Where the weights came from (file names), for messages.</summary>
    public string Source { get; }

    public (int[] Shape, float[] Data) Feature(string key) => _features[key];

    /// <summary>Tap <paramref name="tap"/>'s linear weights (its channel count of values).</summary>
    public float[] Linear(int tap) => _linear[tap];

    /// <summary>From a torchvision backbone state_dict and a linear-layers state_dict.</summary>
    public static LpipsWeights From(LpipsNet net, IReadOnlyDictionary<string, (int[] Shape, float[] Data)> backbone,
        IReadOnlyDictionary<string, (int[] Shape, float[] Data)> linear, string backboneSource = "backbone", string linearSource = "lpips weights")
    {
        var problems = new List<string>();
        var features = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, shape) in LpipsBackbone.Tensors(net))
        {
            expected.Add(key);
            if (Check(backbone, key, shape, problems) is { } t) features[key] = t;
        }
        foreach (var key in backbone.Keys)
            if (!expected.Contains(key) && !key.StartsWith("classifier.", StringComparison.Ordinal))
                problems.Add($"unexpected key '{key}'");
        Report(problems, backboneSource, $"the torchvision {Describe(net)} state_dict");

        var channels = LpipsBackbone.TapChannels(net);
        var lin = new float[channels.Length][];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int t = 0; t < channels.Length; t++)
        {
            string key = $"lin{t}.model.1.weight", alt = $"lin{t}.model.0.weight";
            if (!linear.ContainsKey(key) && linear.ContainsKey(alt)) key = alt;
            used.Add(key);
            if (Check(linear, key, [1, channels[t], 1, 1], problems) is { } w) lin[t] = w.Data;
        }
        foreach (var key in linear.Keys)
            if (!used.Contains(key)) problems.Add($"unexpected key '{key}'");
        Report(problems, linearSource, $"the LPIPS v0.1 linear layers of {Describe(net)} ({channels.Length} x lin{{t}}.model.1.weight)");
        return new LpipsWeights(net, features, lin, backboneSource == linearSource ? backboneSource : $"{backboneSource} + {linearSource}");
    }

    /// <summary>Whether a state_dict is a whole LPIPS module (it holds <c>net.slice*</c> keys).</summary>
    public static bool IsWholeModule(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> stateDict) =>
        stateDict.Keys.Any(k => k.StartsWith("net.slice", StringComparison.Ordinal));

    /// <summary>From one whole LPIPS module's state_dict (lpips' <c>LPIPS(net=...).state_dict()</c>).</summary>
    public static LpipsWeights FromModule(LpipsNet net, IReadOnlyDictionary<string, (int[] Shape, float[] Data)> module, string source = "lpips module")
    {
        var backbone = new Dictionary<string, (int[] Shape, float[] Data)>(StringComparer.Ordinal);
        var linear = new Dictionary<string, (int[] Shape, float[] Data)>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (key, value) in module)
        {
            if (key.StartsWith("scaling_layer.", StringComparison.Ordinal)) continue;
            if (key.StartsWith("lins.", StringComparison.Ordinal)) continue;   // the ModuleList alias, checked below
            if (key.StartsWith("lin", StringComparison.Ordinal))
            {
                linear[key] = value;
                continue;
            }
            var m = SliceKey().Match(key);
            if (!m.Success)
            {
                problems.Add($"unexpected key '{key}'");
                continue;
            }
            int slice = int.Parse(m.Groups[1].ValueSpan), index = int.Parse(m.Groups[2].ValueSpan);
            int want;
            try { want = LpipsBackbone.SliceOf(net, index); }
            catch (ArgumentOutOfRangeException) { want = -1; }
            if (want != slice) problems.Add($"key '{key}': {Describe(net)} has no module {index} in slice {slice}");
            else backbone[$"features.{index}.{m.Groups[3].Value}"] = value;
        }
        // LPIPS keeps its linear layers in a ModuleList too (self.lins), so its state_dict holds each one twice:
        // lin{t}.model.1.weight and lins.{t}.model.1.weight, the same tensor. Use lins.{t} where lin{t} is absent.
        foreach (var (key, value) in module)
        {
            var m = ListKey().Match(key);
            if (!m.Success) continue;
            var alias = $"lin{m.Groups[1].Value}.{m.Groups[2].Value}";
            if (!linear.TryGetValue(alias, out var same)) linear[alias] = value;
            else if (!same.Data.AsSpan().SequenceEqual(value.Data)) problems.Add($"key '{key}' differs from '{alias}'");
        }
        Report(problems, source, $"a whole LPIPS {Describe(net)} module");
        return From(net, backbone, linear, source, source);
    }

    [GeneratedRegex(@"^net\.slice(\d+)\.(\d+)\.(.+)$")]
    private static partial Regex SliceKey();

    [GeneratedRegex(@"^lins\.(\d+)\.(.+)$")]
    private static partial Regex ListKey();

    /// <summary>SHA-256 (hex) of the network: its name, then each tensor's key, shape and float32 bytes in layout order.</summary>
    public string ContentSha256()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(Encoding.UTF8.GetBytes($"lpips-{Net}\n"));
        foreach (var (key, shape) in LpipsBackbone.Tensors(Net))
        {
            h.AppendData(Encoding.UTF8.GetBytes($"{key}{Show(shape)}\n"));
            h.AppendData(MemoryMarshal.AsBytes(_features[key].Data.AsSpan()));
        }
        for (int t = 0; t < _linear.Length; t++)
        {
            h.AppendData(Encoding.UTF8.GetBytes($"lin{t}\n"));
            h.AppendData(MemoryMarshal.AsBytes(_linear[t].AsSpan()));
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    internal static string Describe(LpipsNet net) => net switch
    {
        LpipsNet.Vgg => "VGG16",
        LpipsNet.Squeeze => "SqueezeNet 1.1",
        _ => "AlexNet",
    };

    private static (int[] Shape, float[] Data)? Check(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> d, string key, int[] shape, List<string> problems)
    {
        if (!d.TryGetValue(key, out var t))
        {
            problems.Add($"missing key '{key}' (expected shape {Show(shape)})");
            return null;
        }
        if (t.Shape is null || !t.Shape.AsSpan().SequenceEqual(shape))
        {
            problems.Add($"key '{key}' has shape {Show(t.Shape)}, expected {Show(shape)}");
            return null;
        }
        long n = 1;
        foreach (var s in shape) n *= s;
        if (t.Data is null || t.Data.Length != n)
        {
            problems.Add($"key '{key}' holds {t.Data?.Length ?? 0} values, shape {Show(shape)} needs {n}");
            return null;
        }
        return t;
    }

    private static void Report(List<string> problems, string source, string what)
    {
        if (problems.Count == 0) return;
        var shown = string.Join("; ", problems.Take(8));
        var more = problems.Count > 8 ? $"; and {problems.Count - 8} more" : "";
        throw new InputException($"{source}: not {what}: {shown}{more}");
    }

    private static string Show(int[]? shape) => shape is null ? "(none)" : "[" + string.Join(", ", shape) + "]";
}
