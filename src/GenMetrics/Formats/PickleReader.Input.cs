using System.Globalization;
using System.Numerics;
using System.Text;

namespace GenMetrics.Formats;

/// <summary>Reading the opcode arguments and the stack operations, with messages that name the file and the offset.</summary>
internal sealed partial class PickleReader
{
    private static readonly UTF8Encoding s_utf8 = new(false, throwOnInvalidBytes: true);

    private byte[] _scratch = new byte[16];

    private byte ReadByte()
    {
        int b = _stream.ReadByte();
        if (b < 0) throw Truncated();
        _read++;
        return (byte)b;
    }

    private ReadOnlySpan<byte> ReadSpan(int n)
    {
        if (_scratch.Length < n) _scratch = new byte[n];
        int got = _stream.ReadAtLeast(_scratch.AsSpan(0, n), n, throwOnEndOfStream: false);
        _read += got;
        if (got < n) throw Truncated();
        return _scratch.AsSpan(0, n);
    }

    private ulong ReadUInt64() => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>A length prefix of 1, 4 or 8 bytes, checked against what is left of the stream.</summary>
    private int ReadLength(int size)
    {
        ulong n = size switch
        {
            1 => ReadByte(),
            4 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4)),
            _ => ReadUInt64(),
        };
        if (n > (ulong)Array.MaxLength) throw Corrupt($"a length of {n} bytes");
        if (_stream.CanSeek && (long)n > _stream.Length - _stream.Position) throw Truncated();
        return (int)n;
    }

    private byte[] ReadBytes(int n)
    {
        var bytes = new byte[n];
        int got = _stream.ReadAtLeast(bytes, n, throwOnEndOfStream: false);
        _read += got;
        if (got < n) throw Truncated();
        return bytes;
    }

    private string Utf8(int n)
    {
        var bytes = ReadBytes(n);
        try { return s_utf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Corrupt("a string that is not UTF-8"); }
    }

    /// <summary>A newline-terminated ASCII line (GLOBAL's module and name, PERSID's id).</summary>
    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            byte b = ReadByte();
            if (b == (byte)'\n') return sb.ToString();
            if (b < 0x20 || b > 0x7e || sb.Length > 1000) throw Corrupt("a malformed name");
            sb.Append((char)b);
        }
    }

    /// <summary>Two's complement little-endian integer (LONG1, LONG4); long when it fits.</summary>
    private static object Long(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == Bottom) throw Corrupt("an empty stack");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Top() => _stack.Count == Bottom ? throw Corrupt("an empty stack") : _stack[^1];

    /// <summary>Where the stack starts for the opcodes: at the last MARK (the items below it are out of reach, as in CPython).</summary>
    private int Bottom => _marks.Count == 0 ? 0 : _marks.Peek();

    private T Peek<T>(string opcode) where T : class =>
        Top() as T ?? throw Corrupt($"{opcode} on a {PickleHost.Describe(Top())}");

    /// <summary>The items pushed since the last MARK, which is removed.</summary>
    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw Corrupt("no MARK");
        int mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private object? Memo(long key) => _memo.TryGetValue(key, out var v) ? v : throw Corrupt($"memo key {key} that was never stored");

    private object?[] Tuple(object? value, string opcode) => value as object?[] ?? throw Corrupt($"{opcode} arguments that are a {PickleHost.Describe(value)}, not a tuple");

    private string Text(object? value) => value as string ?? throw Corrupt($"STACK_GLOBAL with a {PickleHost.Describe(value)} name");

    /// <summary>Dict keys: str, int, bool, None or tuples of those would all be hashable; GenMetrics needs str and int.</summary>
    private object Key(object? key) => key switch
    {
        string or long or bool or double or BigInteger => key,
        _ => throw Corrupt($"a dict key that is a {PickleHost.Describe(key)}"),
    };

    private PickleDict DictOf(List<object?> items)
    {
        var dict = new PickleDict();
        SetItems(items, dict);
        return dict;
    }

    private void SetItems(List<object?> items, PickleDict dict)
    {
        if (items.Count % 2 != 0) throw Corrupt("SETITEMS with an odd number of items");
        for (int i = 0; i < items.Count; i += 2) dict.Set(Key(items[i]), items[i + 1]);
    }

    private InputException Truncated() =>
        new($"{_source}: the pickle is truncated (it ends at offset {_start + _read} before its STOP opcode)");

    private InputException Corrupt(string what) =>
        new($"{_source}: corrupt pickle: {what} at offset {_opOffset}");

    private InputException Unsupported(byte op)
    {
        var name = op switch
        {
            (byte)'I' => "INT", (byte)'L' => "LONG", (byte)'F' => "FLOAT", (byte)'S' => "STRING", (byte)'V' => "UNICODE",
            (byte)'p' => "PUT", (byte)'g' => "GET", (byte)'i' => "INST", (byte)'o' => "OBJ", 0x82 => "EXT1", 0x83 => "EXT2",
            0x84 => "EXT4", 0x91 => "FROZENSET", 0x92 => "NEWOBJ_EX", 0x97 => "NEXT_BUFFER", 0x98 => "READONLY_BUFFER",
            _ => null,
        };
        string hex = "0x" + op.ToString("x2", CultureInfo.InvariantCulture);
        return name is null
            ? new InputException($"{_source}: corrupt pickle: unknown opcode {hex} at offset {_opOffset}")
            : new InputException($"{_source}: unsupported pickle opcode {name} ({hex}) at offset {_opOffset}; torch.save does not write it");
    }
}
