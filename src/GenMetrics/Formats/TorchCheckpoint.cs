using System.Globalization;
using System.Numerics;
using System.Text;

namespace GenMetrics.Formats;

/// <summary>
/// Reads PyTorch checkpoints written by torch.save, in the zip format (torch ≥ 1.6: "ARCHIVE/data.pkl" plus one
/// member "ARCHIVE/data/KEY" per storage) and in the legacy format (_use_new_zipfile_serialization=False: magic
/// number, protocol version and sys_info pickles, the object pickle, the list of storage keys, then each storage's
/// element count and bytes). The pickle is decoded by <see cref="PickleReader"/> with <see cref="TorchPickleHost"/>,
/// so nothing in the file is executed: only tensors, dicts and plain values can be built.
/// Each storage is read straight into its own array; the file is never held in memory twice.
/// </summary>
internal static partial class TorchCheckpoint
{
    /// <summary>
    /// The tensors of a state dict, by name, in the order they are stored. A top-level dict holding a dict under
    /// 'state_dict' or 'model' (a training checkpoint) is unwrapped; nested dicts of tensors are flattened with
    /// dotted names; other entries (numbers, strings, None, lists) are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, TorchTensor> ReadStateDict(string path)
    {
        var root = ReadObject(path);
        if (root is not PickleDict dict)
            throw new InputException($"{path}: the checkpoint holds a {Describe(root)}, not a dict of tensors (a state_dict)");
        foreach (var wrapper in (ReadOnlySpan<string>)["state_dict", "model"])
            if (dict.TryGetValue(wrapper, out var inner) && inner is PickleDict innerDict)
            {
                dict = innerDict;
                break;
            }
        var result = new OrderedDictionary<string, TorchTensor>(StringComparer.Ordinal);
        Collect(dict, "", result, path);
        if (result.Count == 0) throw new InputException($"{path}: the checkpoint holds no tensors");
        return result;
    }

    /// <summary>The checkpoint's object tree (value types as <see cref="PickleDict"/> describes them), tensors as <see cref="TorchTensor"/>.</summary>
    public static object? ReadObject(string path)
    {
        using var file = FileInput.OpenRead(path);
        try
        {
            if (FileInput.IsZip(file)) return ReadZip(file, path);
            return ReadLegacy(file, path);
        }
        catch (IOException e)
        {
            throw new InputException($"{path}: cannot read the checkpoint ({e.Message})", e);
        }
    }

    private static void Collect(PickleDict dict, string prefix, OrderedDictionary<string, TorchTensor> result, string path)
    {
        foreach (var (key, value) in dict.Items)
        {
            string name = prefix + (key is string s ? s : Convert.ToString(key, CultureInfo.InvariantCulture));
            if (value is TorchTensor t)
            {
                if (!result.TryAdd(name, t.WithName(name)))
                    throw new InputException($"{path}: the name '{name}' occurs twice once nested dicts are flattened");
            }
            else if (value is PickleDict nested) Collect(nested, name + ".", result, path);
        }
    }

    private static string Describe(object? value) => value switch
    {
        TorchTensor t => "single tensor " + t,
        _ => PickleHost.Describe(value),
    };
}
