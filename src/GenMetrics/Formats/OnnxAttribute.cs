namespace GenMetrics.Formats;

/// <summary>A node attribute (AttributeProto): an int, a float, a string or a list of ints or floats.</summary>
internal sealed class OnnxAttribute
{
    // AttributeProto.AttributeType values.
    private const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeFloats = 6, TypeInts = 7;
    private readonly string _name;
    private readonly int _type;
    private readonly long _int;
    private readonly float _float;
    private readonly string? _string;
    private readonly long[]? _ints;
    private readonly float[]? _floats;

    private OnnxAttribute(string name, int type, long i = 0, float f = 0, string? s = null, long[]? ints = null, float[]? floats = null)
    {
        _name = name;
        _type = type;
        _int = i;
        _float = f;
        _string = s;
        _ints = ints;
        _floats = floats;
    }

    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, i: value);
    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, f: value);
    public static OnnxAttribute String(string name, string value) => new(name, TypeString, s: value);
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, TypeInts, ints: values);
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, TypeFloats, floats: values);

    internal void Write(ProtobufWriter w)
    {
        w.String(1, _name);
        switch (_type)
        {
            case TypeFloat: w.Float(2, _float); break;
            case TypeInt: w.Int64(3, _int); break;
            case TypeString: w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(_string!)); break;
            case TypeFloats: w.PackedFloats(7, _floats); break;
            case TypeInts: w.PackedInt64s(8, _ints); break;
        }
        w.Int64(20, _type);
    }
}
