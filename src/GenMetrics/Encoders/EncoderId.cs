namespace GenMetrics.Encoders;

/// <summary>
/// The identity of an encoder: everything that changes its features except the preprocessing (which has its own
/// key). Two encoders with equal ids give the same features for the same prepared input.
/// </summary>
/// <param name="Name">The registry name (<c>inception</c>, <c>random-cnn</c>, <c>onnx</c>) or a custom encoder's.</param>
/// <param name="GraphVersion">The version of the network definition; it changes whenever the computed graph does.</param>
/// <param name="WeightsSha256">The SHA-256 of the weights (lower-case hex), when there is a weights file.</param>
/// <param name="Variant">A setting that selects weights or outputs without a file (<c>seed=0</c>, <c>output=embeds</c>).</param>
public sealed record EncoderId(string Name, string GraphVersion, string? WeightsSha256 = null, string? Variant = null)
{
    /// <summary>Every part, for cache keys and comparisons (the full weights hash included).</summary>
    public string Key => $"{Name}|{GraphVersion}|{Variant}|{WeightsSha256}";

    /// <summary>The id a <see cref="Key"/> was made from.</summary>
    /// <exception cref="FormatException">The text is not an encoder key.</exception>
    public static EncoderId FromKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('|');
        if (parts.Length != 4 || parts[0].Length == 0 || parts[1].Length == 0) throw new FormatException($"'{key}' is not an encoder key (name|graph|variant|weights)");
        return new EncoderId(parts[0], parts[1], parts[3].Length == 0 ? null : parts[3], parts[2].Length == 0 ? null : parts[2]);
    }

    /// <summary>The name with its variant: <c>inception</c>, <c>random-cnn[seed=0]</c>.</summary>
    public string DisplayName => Variant is null ? Name : $"{Name}[{Variant}]";

    /// <summary>A short form for messages: name, variant, graph version and the first 12 hex digits of the weights hash.</summary>
    public override string ToString() =>
        $"{DisplayName} ({GraphVersion}{(WeightsSha256 is null ? "" : ", weights " + WeightsSha256[..Math.Min(12, WeightsSha256.Length)])})";
}
