using System.Globalization;

namespace GenMetrics.Encoders;

/// <summary>
/// Where encoders run their networks: the CPU (the default) or an NVIDIA GPU through ONNX Runtime's CUDA execution
/// provider (<c>cuda</c>, <c>cuda:N</c>), which needs the GPU build of ONNX Runtime (the <c>GenMetrics.Tool.Gpu</c>
/// package, or <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> in your application), the NVIDIA driver, CUDA 13 and cuDNN 9.
/// TF32 is off, so convolutions keep float32 precision.
/// </summary>
public sealed record ComputeDevice
{
    private static readonly AsyncLocal<ComputeDevice?> s_current = new();

    private ComputeDevice(bool cuda, int index)
    {
        IsCuda = cuda;
        Index = index;
    }

    /// <summary>The CPU.</summary>
    public static ComputeDevice Cpu { get; } = new(false, 0);

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    /// <exception cref="InputException">A negative index (setting <c>device</c>).</exception>
    public static ComputeDevice Cuda(int index = 0) =>
        index >= 0 ? new(true, index) : throw InputException.ForSetting("device", $"cuda:{index}: a CUDA device index is 0 or more");

    /// <summary>Whether this is a CUDA device.</summary>
    public bool IsCuda { get; }

    /// <summary>The CUDA device index (0 for the CPU).</summary>
    public int Index { get; }

    /// <summary><c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    /// <exception cref="InputException">Anything else (setting <c>device</c>).</exception>
    public static ComputeDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "cuda") return Cuda(0);
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Cuda(n);
        throw InputException.ForSetting("device", $"'{text}': expected cpu, cuda or cuda:N (N the GPU's index)");
    }

    /// <summary>Checks that networks can run on this device here (for CUDA: the driver, CUDA 13, cuDNN 9 and the GPU build of ONNX Runtime).</summary>
    /// <exception cref="InputException">They cannot; the message names the missing library or package (setting <c>device</c>).</exception>
    public void EnsureAvailable() => CudaRuntime.Check(this);

    /// <summary>The device networks opened in this scope run on (set by <see cref="Use"/>; the CPU by default).</summary>
    internal static ComputeDevice Current => s_current.Value ?? Cpu;

    /// <summary>Makes <paramref name="device"/> the device of the networks opened until the result is disposed (it flows into tasks).</summary>
    internal static IDisposable Use(ComputeDevice device)
    {
        var previous = s_current.Value;
        s_current.Value = device;
        return new Scope(previous);
    }

    private sealed class Scope(ComputeDevice? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
