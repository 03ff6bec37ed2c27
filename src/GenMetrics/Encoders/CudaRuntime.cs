using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

/// <summary>
/// Checks, before a network is built, that a CUDA device can work here, and says precisely what is missing: the
/// libraries ONNX Runtime's CUDA execution provider loads (the NVIDIA driver, CUDA 13, cuDNN 9), then the GPU build of
/// ONNX Runtime itself. Without the check, ONNX Runtime reports a missing library as a failed provider load deep
/// inside session creation.
/// </summary>
internal static class CudaRuntime
{
    /// <summary>
    /// What ONNX Runtime 1.31's CUDA execution provider loads on Linux, in the order worth reporting: its
    /// libonnxruntime_providers_cuda.so needs the driver, the CUDA 13 runtime, cuBLAS(Lt) 13 and cuRAND 10 (ELF NEEDED
    /// entries), and opens cuDNN 9 when it creates its handles (cuFFT 12 too, but only for FFT operators, which the
    /// encoders do not use).
    /// </summary>
    internal static readonly (string Library, string What)[] Required =
    [
        ("libcuda.so.1", "the NVIDIA driver"),
        ("libcudart.so.13", "the CUDA 13 runtime"),
        ("libcublasLt.so.13", "cuBLASLt of CUDA 13"),
        ("libcublas.so.13", "cuBLAS of CUDA 13"),
        ("libcurand.so.10", "cuRAND of CUDA 13"),
        ("libcudnn.so.9", "cuDNN 9"),
    ];

    private static readonly Lazy<string?> s_problem = new(() => Problem(Required, AvailableProviders));

    /// <summary>The first library of <paramref name="libraries"/> the dynamic loader cannot load here, or null.</summary>
    internal static (string Library, string What)? FirstMissing(IEnumerable<(string Library, string What)> libraries)
    {
        foreach (var l in libraries)
        {
            if (!NativeLibrary.TryLoad(l.Library, out var handle)) return l;
            NativeLibrary.Free(handle);
        }
        return null;
    }

    /// <summary>What stops CUDA here, in words, or null when nothing does.</summary>
    internal static string? Problem(IEnumerable<(string Library, string What)> libraries, Func<IReadOnlyCollection<string>> providers)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return $"GPUs are supported on Linux x64 (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture})";
        if (FirstMissing(libraries) is { } missing)
            return $"CUDA is not available here: {missing.Library} ({missing.What}) cannot be loaded; install the NVIDIA driver, CUDA 13 and cuDNN 9 " +
                   "and make them findable (ldconfig or LD_LIBRARY_PATH), or run on the CPU";
        if (!providers().Contains("CUDAExecutionProvider"))
            return "this GenMetrics carries ONNX Runtime's CPU build: install the GPU tool (dotnet tool install -g GenMetrics.Tool.Gpu), " +
                   "or reference Microsoft.ML.OnnxRuntime.Gpu.Linux in your application";
        return null;
    }

    private static IReadOnlyCollection<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Throws when <paramref name="device"/> is a CUDA device that cannot work here.</summary>
    /// <exception cref="InputException">The message names what is missing (setting <c>device</c>).</exception>
    public static void Check(ComputeDevice device)
    {
        if (device.IsCuda && s_problem.Value is { } problem) throw InputException.ForSetting("device", $"{device}: {problem}");
    }

    /// <summary>Adds the CUDA execution provider for <paramref name="device"/> to <paramref name="options"/> (TF32 off).</summary>
    public static void Append(SessionOptions options, ComputeDevice device)
    {
        Check(device);
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            ["device_id"] = device.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["use_tf32"] = "0",
            ["cudnn_conv_algo_search"] = "HEURISTIC",
        });
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
