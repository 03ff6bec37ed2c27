using System.Collections.Frozen;

namespace GenMetrics.Protocols;

public sealed partial record Protocol
{
    private static readonly FrozenDictionary<string, Protocol> s_byName =
        new Dictionary<string, Protocol>(StringComparer.Ordinal)
        {
            [Tf.Name] = Tf,
            [PytorchFid.Name] = PytorchFid,
            [Clean.Name] = Clean,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The built-in protocols, the default (<see cref="Tf"/>) first.</summary>
    public static IReadOnlyList<Protocol> All { get; } = [Tf, PytorchFid, Clean];

    /// <summary>The built-in protocol named <paramref name="name"/>.</summary>
    /// <exception cref="InputException">No protocol has that name; the message lists the known names.</exception>
    public static Protocol Get(string name) =>
        name is not null && s_byName.TryGetValue(name, out var p)
            ? p
            : throw new InputException($"protocol '{name}': unknown; known protocols: {string.Join(", ", All.Select(x => x.Name))}");
}
