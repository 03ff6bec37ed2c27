using GenMetrics.Formats;
using static GenMetrics.Tests.Formats.FormatFixtures;

namespace GenMetrics.Tests.Formats;

public class NpyReadTests
{
    public static TheoryData<string> Arrays => ArrayFiles("arrays");

    public static TheoryData<string> Headers => ArrayFiles("headers");

    [Theory, MemberData(nameof(Arrays))]
    public void Decodes_every_dtype_order_and_version_like_numpy(string file)
    {
        var expected = Array(file);
        var a = Npy.Read(Path(file));
        Assert.Equal(Longs(expected.GetProperty("shape")), a.Shape);
        Assert.Equal(expected.GetProperty("descr").GetString(), a.DType.Descr);
        Assert.Equal(expected.GetProperty("fortran").GetBoolean(), a.FortranOrder);

        var f8 = Numbers(expected.GetProperty("f8"));
        var d = a.ToDouble();
        Assert.Equal(f8.Length, d.Length);
        for (int i = 0; i < d.Length; i++) AssertSame(f8[i], d[i], $"{file} f8[{i}]");

        var f4 = Numbers(expected.GetProperty("f4"));
        var s = a.ToSingle();
        Assert.Equal(f4.Length, s.Length);
        for (int i = 0; i < s.Length; i++) AssertSame(f4[i], s[i], $"{file} f4[{i}]");

        if (expected.TryGetProperty("u1", out var u1))
            Assert.Equal(Longs(u1).Select(v => (byte)v).ToArray(), a.ToBytes());
    }

    [Theory, MemberData(nameof(Headers))]
    public void Accepts_every_header_spelling_numpy_accepts(string file)
    {
        var a = Npy.Read(Path(file));
        Assert.Equal([2L, 3L], a.Shape);
        Assert.Equal(Numbers(Manifest.GetProperty("headers")[0].GetProperty("f8")), a.ToDouble());
    }

    [Theory]
    [InlineData("arrays/features_6x5.npy")]
    [InlineData("arrays/features_6x5_f8_be_f.npy")]
    public void ReadFeatures_gives_float32_rows_in_C_order(string file)
    {
        var m = Npy.ReadFeatures(Path(file));
        Assert.Equal((6, 5), (m.Rows, m.Columns));
        Assert.Equal(Path(file), m.Source);
        var f4 = Numbers(Array(file).GetProperty("f4"));
        for (int i = 0; i < f4.Length; i++) AssertSame(f4[i], m.Span[i], $"[{i}]");
    }

    [Theory]
    [InlineData("arrays/f4_0x5.npy", 0, 5)]
    [InlineData("arrays/f4_5x0.npy", 5, 0)]
    public void ReadFeatures_allows_zero_size(string file, int rows, int columns)
    {
        var m = Npy.ReadFeatures(Path(file));
        Assert.Equal((rows, columns), (m.Rows, m.Columns));
    }

    [Theory]
    [InlineData("arrays/f4_1d.npy", "(5,)")]
    [InlineData("arrays/f4_3d_c.npy", "(2, 3, 4)")]
    [InlineData("arrays/f4_scalar.npy", "()")]
    [InlineData("arrays/u1_image_nhwc.npy", "(2, 4, 5, 3)")]
    public void ReadFeatures_rejects_arrays_that_are_not_2D(string file, string shape)
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures(Path(file)));
        Assert.Contains(Path(file), e.Message);
        Assert.Contains("2-D", e.Message);
        Assert.Contains(shape, e.Message);
    }

    [Theory]
    [InlineData("bad/truncated.npy", "truncated")]
    [InlineData("bad/bad_magic.npy", "bad magic")]
    [InlineData("bad/short.npy", "truncated")]
    [InlineData("bad/version4.npy", "version 4.0")]
    [InlineData("bad/header_missing_shape.npy", "missing key 'shape'")]
    [InlineData("bad/header_extra_key.npy", "unexpected key 'x'")]
    [InlineData("bad/header_garbage.npy", "malformed .npy header")]
    [InlineData("bad/header_unclosed.npy", "malformed .npy header")]
    [InlineData("bad/header_bad_bool.npy", "True or False")]
    [InlineData("bad/header_past_end.npy", "truncated")]
    [InlineData("bad/object.npy", "unsupported dtype '|O'")]
    [InlineData("bad/complex.npy", "unsupported dtype '<c8'")]
    [InlineData("bad/structured.npy", "unsupported dtype '[('a', '<f4'), ('b', '<i4')]'")]
    [InlineData("bad/unicode.npy", "unsupported dtype '<U2'")]
    [InlineData("bad/datetime.npy", "unsupported dtype '<M8[s]'")]
    public void Rejects_corrupt_and_unsupported_files_naming_them(string file, string problem)
    {
        foreach (var read in new Action[] { () => Npy.Read(Path(file)), () => Npy.ReadFeatures(Path(file)) })
        {
            var e = Assert.Throws<InputException>(read);
            Assert.StartsWith(Path(file) + ": ", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void Truncated_data_message_gives_the_needed_and_present_sizes()
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures(Path("bad/truncated.npy")));
        Assert.Contains("needs 120 bytes", e.Message);
        Assert.Contains("only 113 remain", e.Message);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFeatures("/nonexistent/x.npy"));
        Assert.Equal("/nonexistent/x.npy: file not found", e.Message);
    }

    [Fact]
    public void ToBytes_refuses_non_uint8_and_shares_C_order_uint8_storage()
    {
        var e = Assert.Throws<InputException>(() => Npy.Read(Path("arrays/f4_le_c.npy")).ToBytes());
        Assert.Contains("not uint8", e.Message);
        var image = Npy.Read(Path("arrays/u1_image_nhwc.npy"));
        Assert.Same(image.Data, image.ToBytes());
    }

    [Fact]
    public void Fortran_order_larger_than_one_chunk_is_transposed()
    {
        // 700 x 500 float64 Fortran order: 2.8 MB, several 1 MB chunks, so the multi-index crosses chunk boundaries.
        using var dir = Support.Fixtures.TempDir();
        const int n = 700, d = 500;
        var columnMajor = new double[n * d];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < n; i++) columnMajor[j * n + i] = i * 1000 + j;
        var header = new NpyHeader(NpyDType.Float64, true, [n, d]);
        var bytes = header.ToBytes().Concat(System.Runtime.InteropServices.MemoryMarshal.AsBytes(columnMajor.AsSpan()).ToArray()).ToArray();
        File.WriteAllBytes(dir.File("f.npy"), bytes);
        var m = Npy.ReadFeatures(dir.File("f.npy"));
        for (int i = 0; i < n; i += 37)
            for (int j = 0; j < d; j += 11) Assert.Equal(i * 1000 + j, m.Row(i)[j]);
        Assert.Equal((n - 1) * 1000 + d - 1, m.Row(n - 1)[d - 1]);
    }
}
