using System.Text;
using GenMetrics.Formats;

namespace GenMetrics.Sharding;

/// <summary>
/// Part files: .npz archives whose <c>genmetrics_part</c> array holds the UTF-8 JSON of their <see cref="PartInfo"/>
/// (in Python: <c>json.loads(np.load(p)["genmetrics_part"].tobytes())</c>), beside the arrays of their kind.
/// </summary>
public static class PartFile
{
    /// <summary>The array holding the part's JSON.</summary>
    public const string InfoKey = "genmetrics_part";

    internal const string Format = "genmetrics-part/1";

    /// <summary>The part's record, or null when <paramref name="path"/> is not a part (any other file, or a folder).</summary>
    /// <exception cref="InputException">The file is an archive with a part record that cannot be read.</exception>
    public static PartInfo? TryRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return null;
        try
        {
            using (var f = FileInput.OpenRead(path))
                if (!FileInput.IsZip(f)) return null;
            if (!Npz.Has(path, InfoKey)) return null;
        }
        catch (InputException)
        {
            return null;
        }
        return Read(path);
    }

    /// <summary>The part's record.</summary>
    /// <exception cref="InputException">The file is not a part, or its record is malformed; the message names it.</exception>
    public static PartInfo Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Npz.Has(path, InfoKey))
            throw new InputException($"{path}: not a GenMetrics part (parts are written by stats, features and eval with --shard)");
        var bytes = Npz.ReadArray(path, InfoKey);
        if (bytes.DType != NpyDType.UInt8 || bytes.Shape.Length != 1) throw Bad(path, $"array '{InfoKey}' is not UTF-8 bytes");
        return PartInfo.FromJson(bytes.Data, path);
    }

    internal static NpyArray InfoArray(PartInfo info)
    {
        var bytes = Encoding.UTF8.GetBytes(info.ToJson());
        return NpyArray.From<byte>(bytes, [bytes.Length]);
    }

    internal static InputException Bad(string path, string problem) => new($"{path}: not a valid GenMetrics part ({problem})");

    /// <summary>The message for a part given where whole inputs are expected.</summary>
    internal static string NotWhole(string path, PartInfo info) =>
        $"{path}: is shard {info.Shard} of {info.Input(info.Inputs[0].Role).Source} ({PartInfo.KindName(info.Kind)} part): join all {info.Shard.Count} parts with 'merge' first";
}
