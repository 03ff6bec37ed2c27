using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace GenMetrics.Formats;

/// <summary>
/// A pickle virtual machine for protocols 2-5 (and the binary opcodes of protocol 1) that builds plain values and
/// executes nothing: globals, calls, BUILD and persistent ids all go to a <see cref="PickleHost"/>, which allows a
/// fixed list. It reads one pickle from the stream's current position up to its STOP opcode and leaves the stream
/// right after it (torch's legacy format puts several pickles and raw data back to back).
/// Opcodes follow CPython's Lib/pickle.py and Lib/pickletools.py.
/// </summary>
internal sealed partial class PickleReader
{
    private static readonly object s_mark = new();
    private readonly Stream _stream;
    private readonly string _source;
    private readonly PickleHost _host;
    private readonly long _start;
    private readonly List<object?> _stack = [];
    // MARK positions in _stack. CPython swaps in a fresh list (O(1)); copying the stack at each MARK made a 400 KB
    // pickle of N...(1(1... cost 80 GB of copies.
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private long _read;       // bytes consumed since _start
    private long _opOffset;   // offset of the opcode being executed, for messages

    private PickleReader(Stream stream, string source, PickleHost host)
    {
        _stream = stream;
        _source = source;
        _host = host;
        _start = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>Reads one pickle. <paramref name="source"/> names the input in messages (a file, "FILE (member)").</summary>
    public static object? Load(Stream stream, string source, PickleHost host) => new PickleReader(stream, source, host).Run();

    private object? Run()
    {
        while (true)
        {
            _opOffset = _start + _read;
            byte op = ReadByte();
            if (op == (byte)'.') // STOP
            {
                if (_stack.Count != 1 || _marks.Count != 0) throw Corrupt("STOP with an unbalanced stack");
                return _stack[0];
            }
            Execute(op);
        }
    }

    private void Execute(byte op)
    {
        switch (op)
        {
            case 0x80: ReadByte(); break;                                   // PROTO: any version we can parse is fine
            case 0x95: ReadUInt64(); break;                                 // FRAME: a length hint only
            case (byte)'}': Push(new PickleDict()); break;                  // EMPTY_DICT
            case (byte)']': Push(new List<object?>()); break;               // EMPTY_LIST
            case (byte)')': Push(Array.Empty<object?>()); break;            // EMPTY_TUPLE
            case 0x8f: Push(new List<object?>()); break;                    // EMPTY_SET (as a list)
            case (byte)'(': _marks.Push(_stack.Count); break;              // MARK
            case (byte)'X': Push(Utf8(ReadLength(4))); break;               // BINUNICODE
            case 0x8d: Push(Utf8(ReadLength(8))); break;                    // BINUNICODE8
            case 0x8c: Push(Utf8(ReadLength(1))); break;                    // SHORT_BINUNICODE
            case (byte)'U': Push(Utf8(ReadLength(1))); break;               // SHORT_BINSTRING (Python 2 str; torch decodes it)
            case (byte)'T': Push(Utf8(ReadLength(4))); break;               // BINSTRING
            case (byte)'C': Push(ReadBytes(ReadLength(1))); break;          // SHORT_BINBYTES
            case (byte)'B': Push(ReadBytes(ReadLength(4))); break;          // BINBYTES
            case 0x8e: Push(ReadBytes(ReadLength(8))); break;               // BINBYTES8
            case 0x96: Push(ReadBytes(ReadLength(8))); break;               // BYTEARRAY8
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4))); break;   // BININT
            case (byte)'K': Push((long)ReadByte()); break;                                            // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(2))); break;  // BININT2
            case 0x8a: Push(Long(ReadBytes(ReadLength(1)))); break;        // LONG1
            case 0x8b: Push(Long(ReadBytes(ReadLength(4)))); break;        // LONG4
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadSpan(8))); break;           // BINFLOAT
            case 0x88: Push(true); break;                                   // NEWTRUE
            case 0x89: Push(false); break;                                  // NEWFALSE
            case (byte)'N': Push(null); break;                              // NONE
            case 0x85: Push(new[] { Pop() }); break;                        // TUPLE1
            case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }                    // TUPLE2
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }  // TUPLE3
            case (byte)'t': Push(PopMark().ToArray()); break;               // TUPLE
            case (byte)'l': Push(PopMark()); break;                         // LIST
            case (byte)'d': Push(DictOf(PopMark())); break;                 // DICT
            case (byte)'s': { var v = Pop(); var k = Pop(); Peek<PickleDict>("SETITEM").Set(Key(k), v); break; }
            case (byte)'u': SetItems(PopMark(), Peek<PickleDict>("SETITEMS")); break;
            case (byte)'a': { var v = Pop(); Peek<List<object?>>("APPEND").Add(v); break; }
            case (byte)'e': { var items = PopMark(); Peek<List<object?>>("APPENDS").AddRange(items); break; }
            case 0x90: { var items = PopMark(); Peek<List<object?>>("ADDITEMS").AddRange(items); break; }
            case (byte)'q': _memo[ReadByte()] = Top(); break;               // BINPUT
            case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4))] = Top(); break;  // LONG_BINPUT
            case 0x94: _memo[_memo.Count] = Top(); break;                   // MEMOIZE
            case (byte)'h': Push(Memo(ReadByte())); break;                  // BINGET
            case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4)))); break;     // LONG_BINGET
            case (byte)'c': { var module = ReadLine(); var name = ReadLine(); Push(_host.FindGlobal(module, name, _source)); break; }  // GLOBAL
            case 0x93: { var name = Pop(); var module = Pop(); Push(_host.FindGlobal(Text(module), Text(name), _source)); break; }    // STACK_GLOBAL
            case (byte)'R': { var args = Pop(); var f = Pop(); Push(_host.Call(f, Tuple(args, "REDUCE"), _source)); break; }          // REDUCE
            case 0x81: { var args = Pop(); var cls = Pop(); Push(_host.Call(cls, Tuple(args, "NEWOBJ"), _source)); break; }           // NEWOBJ
            case (byte)'b': { var state = Pop(); var target = Pop(); Push(_host.Build(target, state, _source)); break; }              // BUILD
            case (byte)'Q': Push(_host.PersistentLoad(Pop(), _source)); break;                                                      // BINPERSID
            case (byte)'P': Push(_host.PersistentLoad(ReadLine(), _source)); break;                                                 // PERSID
            case (byte)'0': Pop(); break;                                   // POP
            case (byte)'1': PopMark(); break;                               // POP_MARK
            case (byte)'2': Push(Top()); break;                             // DUP
            default: throw Unsupported(op);
        }
    }
}
