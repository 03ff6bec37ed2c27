using System.Collections.Frozen;

namespace GenMetrics.Formats;

/// <summary>
/// The globals a torch state dict needs, and nothing else: OrderedDict, the tensor rebuild functions, the storage
/// classes and dtypes (torch/serialization.py, torch/_utils.py, torch/_tensor.py). Persistent ids become shared
/// <see cref="TorchStorage"/> objects; their bytes are loaded by the caller afterwards.
/// </summary>
internal sealed class TorchPickleHost : PickleHost
{
    private enum Fn { OrderedDict, RebuildTensorV2, RebuildTensor, RebuildParameter, RebuildParameterWithState, RebuildFromTypeV2, TensorType, CodecsEncode }

    private static readonly FrozenDictionary<string, object> s_allowed = AllowList();

    private readonly string _path;
    private readonly Dictionary<string, TorchStorage> _storages = [];

    public TorchPickleHost(string path) => _path = path;

    /// <summary>Every storage the pickle referred to, by key, in first-use order.</summary>
    public IReadOnlyDictionary<string, TorchStorage> Storages => _storages;

    private static FrozenDictionary<string, object> AllowList()
    {
        var d = new Dictionary<string, object>
        {
            ["collections.OrderedDict"] = Fn.OrderedDict,
            ["torch._utils._rebuild_tensor_v2"] = Fn.RebuildTensorV2,
            ["torch._utils._rebuild_tensor"] = Fn.RebuildTensor,
            ["torch._utils._rebuild_parameter"] = Fn.RebuildParameter,
            ["torch._utils._rebuild_parameter_with_state"] = Fn.RebuildParameterWithState,
            ["torch._tensor._rebuild_from_type_v2"] = Fn.RebuildFromTypeV2,
            ["torch._tensor.Tensor"] = Fn.TensorType,
            ["torch.Tensor"] = Fn.TensorType,
            ["torch.nn.parameter.Parameter"] = Fn.TensorType,
            ["_codecs.encode"] = Fn.CodecsEncode, // how protocol 2 pickles bytes: encode(str, 'latin1')
        };
        foreach (var s in new[] { "Float", "Half", "BFloat16", "Double", "Long", "Int", "Short", "Char", "Byte", "Bool", "Untyped" })
        {
            var dtype = TorchDTypes.FromStorageName(s + "Storage")!.Value;
            d["torch." + s + "Storage"] = new StorageType(dtype);
        }
        d["torch.storage.UntypedStorage"] = new StorageType(TorchDType.UInt8);
        foreach (var n in new[] { "float32", "float", "float16", "half", "bfloat16", "float64", "double", "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool" })
            d["torch." + n] = TorchDTypes.FromDTypeName(n)!.Value;
        return d.ToFrozenDictionary();
    }

    /// <summary>A storage class, as the type in a persistent id.</summary>
    internal sealed record StorageType(TorchDType DType);

    public override object FindGlobal(string module, string name, string source)
    {
        if (module == "__builtin__") module = "builtins"; // Python 2 pickles: named here only for the message
        string full = module + "." + name;
        if (!s_allowed.TryGetValue(full, out var tag))
            throw new InputException($"{_path}: the checkpoint refers to '{full}', which GenMetrics does not load (only tensors and dicts are read)");
        return new PickleGlobal(module, name, tag);
    }

    public override object? Call(object? callable, object?[] args, string source)
    {
        if (callable is not PickleGlobal { Tag: Fn fn } g)
            return base.Call(callable, args, source);
        switch (fn)
        {
            case Fn.OrderedDict: return NewOrderedDict(args, source);
            case Fn.RebuildTensorV2 when args.Length is 6 or 7: return Rebuild(args, source);
            case Fn.RebuildTensor when args.Length == 4: return Rebuild(args, source);
            case Fn.RebuildParameter when args.Length == 3 && args[0] is TorchTensor t: return t;
            case Fn.RebuildParameterWithState when args.Length == 4 && args[0] is TorchTensor t: return t;
            case Fn.RebuildFromTypeV2 when args.Length == 4 && args[1] is PickleGlobal { Tag: Fn.TensorType } && args[2] is object?[] inner:
                return Call(args[0], inner, source);
            case Fn.CodecsEncode when args is [string text, "latin1" or "latin-1"] && !text.Any(c => c > '\u00ff'):
                return System.Text.Encoding.Latin1.GetBytes(text);
            default:
                throw Corrupt($"a call of {g.FullName} with {args.Length} arguments it does not take");
        }
    }

    /// <summary>OrderedDict() or OrderedDict([[key, value], ...]) (Python 2 pickles pass the items).</summary>
    private PickleDict NewOrderedDict(object?[] args, string source)
    {
        var dict = new PickleDict();
        if (args.Length == 0) return dict;
        if (args.Length != 1 || args[0] is not List<object?> items) throw Corrupt("an OrderedDict built from something other than a list of pairs");
        foreach (var item in items)
        {
            var pair = item as IList<object?>;
            if (pair is not { Count: 2 } || pair[0] is null) throw Corrupt("an OrderedDict item that is not a (key, value) pair");
            dict.Set(pair[0]!, pair[1]);
        }
        return dict;
    }

    public override object? Build(object? target, object? state, string source) => target switch
    {
        PickleDict => target,    // OrderedDict's __dict__: the state dict's _metadata (versions), not needed
        TorchTensor => target,   // a tensor's Python attributes
        _ => base.Build(target, state, source),
    };

    /// <summary>('storage', storage_type, key, location, numel[, view_metadata]) as torch.save writes it.</summary>
    public override object? PersistentLoad(object? id, string source)
    {
        if (id is not object?[] { Length: 5 or 6 } t || t[0] as string != "storage")
            throw Corrupt($"a persistent id that is not a torch storage ({PickleHost.Describe(id)})");
        if (t[1] is not PickleGlobal { Tag: StorageType type })
            throw Corrupt($"a storage whose type is {PickleHost.Describe(t[1])}");
        if (t[2] is not string key) throw Corrupt("a storage key that is not a string");
        if (t[4] is not long count || count < 0) throw Corrupt($"storage '{key}' with an invalid element count");
        if (count > Array.MaxLength / type.DType.Size())
            throw new InputException($"{_path}: storage '{key}' holds {count} elements, more than GenMetrics reads into one array");
        var root = Storage(key, type.DType, count);
        if (t.Length == 5 || t[5] is null) return root;
        // legacy storage view: (view_key, offset, view_size), a window on the root storage
        if (t[5] is not object?[] { Length: 3 } v || v[0] is not string viewKey || v[1] is not long offset || v[2] is not long size
            || offset < 0 || size < 0 || offset + size > count)
            throw Corrupt($"storage '{key}' with an invalid view");
        var view = Storage(viewKey, type.DType, size);
        view.ViewOf(root, offset);
        return view;
    }

    private TorchStorage Storage(string key, TorchDType dtype, long count)
    {
        if (_storages.TryGetValue(key, out var s))
        {
            if (s.DType != dtype || s.Count != count)
                throw Corrupt($"storage '{key}' declared twice with different types or sizes");
            return s;
        }
        return _storages[key] = new TorchStorage(key, dtype, count);
    }

    /// <summary>_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]) and the legacy
    /// _rebuild_tensor(storage, offset, size, stride): checks that every element lies inside the storage.</summary>
    private TorchTensor Rebuild(object?[] a, string source)
    {
        if (a[0] is not TorchStorage storage) throw Corrupt($"a tensor rebuilt from a {PickleHost.Describe(a[0])}, not a storage");
        if (a[1] is not long offset || offset < 0) throw Corrupt("a tensor with an invalid storage offset");
        var shape = Ints(a[2], "size");
        var strides = Ints(a[3], "stride");
        if (shape.Length != strides.Length) throw Corrupt($"a tensor with {shape.Length} sizes but {strides.Length} strides");
        long last = offset, count = 1;
        var dims = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] > int.MaxValue) throw Corrupt("a tensor dimension beyond 2^31");
            dims[i] = (int)shape[i];
            count *= shape[i];
            if (count > Array.MaxLength) throw new InputException($"{_path}: a tensor of shape ({string.Join(", ", shape)}) is too large to read");
            // checked: strides near 2^63 could wrap the last element's offset back inside the storage
            try { if (shape[i] > 0) last = checked(last + (shape[i] - 1) * strides[i]); }
            catch (OverflowException) { throw Corrupt($"a tensor whose strides ({string.Join(", ", strides)}) reach beyond 2^63 elements"); }
        }
        if (count > 0 && (last >= storage.Count || offset >= storage.Count))
            throw new InputException($"{_path}: a tensor of shape ({string.Join(", ", shape)}) at offset {offset} reaches past the end " +
                                     $"of storage '{storage.Key}' ({storage.Count} elements); the checkpoint is corrupt");
        return new TorchTensor(storage, offset, dims, strides);
    }

    private long[] Ints(object? value, string what)
    {
        if (value is not object?[] items) throw Corrupt($"a tensor {what} that is a {PickleHost.Describe(value)}, not a tuple");
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
            result[i] = items[i] is long v && v >= 0 ? v : throw Corrupt($"a tensor {what} with an invalid entry");
        return result;
    }

    private InputException Corrupt(string what) => new($"{_path}: corrupt checkpoint: {what}");
}
