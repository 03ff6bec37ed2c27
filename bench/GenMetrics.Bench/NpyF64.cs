using System.Runtime.InteropServices;
using System.Text;

namespace GenMetrics.Bench;

/// <summary>A minimal .npy writer (little-endian float64 or float32, C order) for handing matrices to bench/python.</summary>
internal static class NpyF64
{
    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape) => Write(path, "<f8", MemoryMarshal.AsBytes(data), shape);

    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) => Write(path, "<f4", MemoryMarshal.AsBytes(data), shape);

    private static void Write(string path, string descr, ReadOnlySpan<byte> bytes, int[] shape)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(bytes);
    }
}
