using System.Globalization;

namespace GenMetrics.Formats;

/// <summary>
/// A strict parser for the .npy header dict: the subset of Python literal syntax numpy's ast.literal_eval accepts
/// there. Exactly the keys 'descr', 'fortran_order' and 'shape', in any order, quoted with ' or ", with optional
/// spaces and trailing commas; shape is a tuple of non-negative ints (a one-element tuple needs its comma, an old
/// Python 2 'L' suffix is allowed as numpy allows it).
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly string _text;
    private readonly string _source;
    private int _pos;

    private NpyHeaderParser(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static NpyHeader Parse(string text, string source) => new NpyHeaderParser(text, source).ParseDict();

    private NpyHeader ParseDict()
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        SkipSpace();
        Expect('{');
        SkipSpace();
        while (Peek() != '}')
        {
            int keyAt = _pos;
            var key = ParseString();
            SkipSpace();
            Expect(':');
            SkipSpace();
            switch (key)
            {
                case "descr" when descr is null:
                    descr = Peek() is '\'' or '"' ? ParseString() : ParseRawValue();
                    break;
                case "fortran_order" when fortran is null:
                    fortran = ParseBool();
                    break;
                case "shape" when shape is null:
                    shape = ParseShape();
                    break;
                case "descr" or "fortran_order" or "shape":
                    throw Malformed($"duplicate key '{key}'", keyAt);
                default:
                    throw Malformed($"unexpected key '{key}' (an .npy header has exactly 'descr', 'fortran_order' and 'shape')", keyAt);
            }
            SkipSpace();
            if (Peek() == ',') { _pos++; SkipSpace(); }
            else if (Peek() != '}') throw Malformed("expected ',' or '}'", _pos);
        }
        _pos++;
        SkipSpace();
        if (_pos != _text.Length) throw Malformed("unexpected text after the closing '}'", _pos);
        if (descr is null) throw Malformed("missing key 'descr'", _pos);
        if (fortran is null) throw Malformed("missing key 'fortran_order'", _pos);
        if (shape is null) throw Malformed("missing key 'shape'", _pos);
        var dtype = NpyDType.TryParse(descr)
            ?? throw new InputException($"{_source}: unsupported dtype '{descr}' (supported: float16/32/64, int8/16/32/64, uint8/16/32/64, bool)");
        try { _ = checked(NpyHeader.CountOf(shape) * dtype.Size); }
        catch (OverflowException) { throw TooLarge(NpyHeader.FormatShape(shape), dtype.Descr, BytesOf(shape, dtype.Size)); }
        return new NpyHeader(dtype, fortran.Value, shape);
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Malformed($"expected '{c}'", _pos);
        _pos++;
    }

    private string ParseString()
    {
        char quote = Peek();
        if (quote is not ('\'' or '"')) throw Malformed("expected a quoted string", _pos);
        int start = ++_pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] is '\\' or '\n') throw Malformed("unsupported character in a string", _pos);
            _pos++;
        }
        if (_pos >= _text.Length) throw Malformed("unterminated string", start - 1);
        return _text[start.._pos++];
    }

    /// <summary>A non-string descr (a structured dtype's list): kept as text for the error message.</summary>
    private string ParseRawValue()
    {
        int start = _pos, depth = 0;
        char quote = '\0';
        for (; _pos < _text.Length; _pos++)
        {
            char c = _text[_pos];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c is '[' or '(' or '{') depth++;
            else if (c is ']' or ')' or '}')
            {
                if (depth == 0) break;
                depth--;
            }
            else if (c == ',' && depth == 0) break;
        }
        if (depth != 0 || quote != '\0') throw Malformed("unbalanced 'descr' value", start);
        return _text[start.._pos].Trim();
    }

    private bool ParseBool()
    {
        var rest = _text.AsSpan(_pos);
        if (rest.StartsWith("True") && !IsWordChar(_pos + 4)) { _pos += 4; return true; }
        if (rest.StartsWith("False") && !IsWordChar(_pos + 5)) { _pos += 5; return false; }
        throw Malformed("'fortran_order' must be True or False", _pos);
    }

    private readonly bool IsWordChar(int at) => at < _text.Length && (char.IsAsciiLetterOrDigit(_text[at]) || _text[at] == '_');

    private long[] ParseShape()
    {
        Expect('(');
        var dims = new List<long>();
        bool comma = false;
        SkipSpace();
        while (Peek() != ')')
        {
            int start = _pos;
            while (char.IsAsciiDigit(Peek())) _pos++;
            if (start == _pos) throw Malformed("'shape' must be a tuple of non-negative integers", start);
            if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long dim))
                throw new InputException($"{_source}: the .npy header's shape has a dimension of {_text[start.._pos]} elements, " +
                                         "larger than any file can hold (a corrupt or hand-made header)");
            if (Peek() is 'L' or 'l') _pos++;
            dims.Add(dim);
            SkipSpace();
            comma = Peek() == ',';
            if (comma) { _pos++; SkipSpace(); }
            else if (Peek() != ')') throw Malformed("expected ',' or ')' in 'shape'", _pos);
        }
        _pos++;
        if (dims.Count == 1 && !comma) throw Malformed("'shape' must be a tuple; a one-element tuple needs a trailing comma", _pos - 1);
        return [.. dims];
    }

    /// <summary>A well-formed header whose shape needs more than 2^63 bytes: not malformed, but no file holds that much.</summary>
    private readonly InputException TooLarge(string shape, string descr, System.Numerics.BigInteger bytes) =>
        new($"{_source}: the .npy header's shape {shape} of dtype '{descr}' needs {bytes} bytes of data, " +
            "larger than any file can hold (a corrupt or hand-made header)");

    private static System.Numerics.BigInteger BytesOf(long[] shape, int size)
    {
        System.Numerics.BigInteger n = size;
        foreach (var s in shape) n *= s;
        return n;
    }

    private readonly InputException Malformed(string problem, int at)
    {
        var shown = _text.TrimEnd();
        if (shown.Length > 200) shown = shown[..200] + "...";
        return new InputException($"{_source}: malformed .npy header ({problem}, at character {at}): {shown}");
    }
}
