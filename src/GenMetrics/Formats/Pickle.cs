namespace GenMetrics.Formats;

/// <summary>
/// The plain values a pickle decodes to. Python None, bool, int, float, str and bytes become null, bool, long
/// (System.Numerics.BigInteger beyond 64 bits), double, string and byte[]; a tuple becomes object?[], a list or set
/// List&lt;object?&gt; and a dict <see cref="PickleDict"/>. Anything else is whatever the <see cref="PickleHost"/>
/// makes of an allowed global: nothing is ever looked up by name or executed.
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> _items = [];
    private readonly Dictionary<object, int> _index = [];

    /// <summary>The entries in insertion order (Python dicts keep it; a repeated key keeps its first place).</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items;

    public int Count => _items.Count;

    public void Set(object key, object? value)
    {
        if (_index.TryGetValue(key, out int i)) _items[i] = new(key, value);
        else
        {
            _index.Add(key, _items.Count);
            _items.Add(new(key, value));
        }
    }

    public bool TryGetValue(object key, out object? value)
    {
        value = null;
        if (!_index.TryGetValue(key, out int i)) return false;
        value = _items[i].Value;
        return true;
    }
}

/// <summary>A global the host allowed: "module.name" plus what the host attached to it (a dtype, a rebuild function).</summary>
internal sealed record PickleGlobal(string Module, string Name, object? Tag)
{
    public string FullName => Module + "." + Name;

    public override string ToString() => FullName;
}

/// <summary>
/// Decides what globals mean. The default host allows none: every GLOBAL/STACK_GLOBAL is an error, so a pickle
/// can build only plain data. Subclasses allow a fixed list and implement the calls (REDUCE, NEWOBJ) themselves.
/// </summary>
internal class PickleHost
{
    /// <summary>The object a GLOBAL or STACK_GLOBAL stands for; throws <see cref="InputException"/> when not allowed.</summary>
    public virtual object FindGlobal(string module, string name, string source) =>
        throw new InputException($"{source}: the pickle refers to '{module}.{name}', which GenMetrics does not load");

    /// <summary>REDUCE and NEWOBJ: callable(*args).</summary>
    public virtual object? Call(object? callable, object?[] args, string source) =>
        throw new InputException($"{source}: the pickle calls '{Describe(callable)}', which GenMetrics does not do");

    /// <summary>BUILD: sets the state of an object the host made.</summary>
    public virtual object? Build(object? target, object? state, string source) =>
        throw new InputException($"{source}: the pickle sets the state of a {Describe(target)}, which GenMetrics does not do");

    /// <summary>PERSID/BINPERSID: an object stored outside the pickle.</summary>
    public virtual object? PersistentLoad(object? id, string source) =>
        throw new InputException($"{source}: the pickle refers to an object stored outside it, which this reader does not resolve");

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => g.FullName,
        object?[] => "tuple",
        List<object?> => "list",
        PickleDict => "dict",
        string => "str",
        byte[] => "bytes",
        _ => value.GetType().Name,
    };
}
