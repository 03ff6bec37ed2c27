using System.Runtime.InteropServices;
using GenMetrics.Encoders;
using GenMetrics.Tests.Cli;

namespace GenMetrics.Tests.Encoders;

/// <summary>Issue 13, item 5: --device cuda[:N], and a clear error naming what is missing where CUDA is not.</summary>
public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("CUDA", true, 0)]
    [InlineData("cuda:3", true, 3)]
    public void Devices_parse(string text, bool cuda, int index)
    {
        var d = ComputeDevice.Parse(text);
        Assert.Equal((cuda, index), (d.IsCuda, d.Index));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Other_devices_are_refused(string text) => Assert.Equal("device", Assert.Throws<InputException>(() => ComputeDevice.Parse(text)).Setting);

    [Fact]
    public void The_first_missing_library_is_named()
    {
        (string, string)[] libs = [("libc.so.6", "the C library"), ("libgenmetrics-missing.so.7", "a library that is not here"), ("libm.so.6", "libm")];
        Assert.Equal(("libgenmetrics-missing.so.7", "a library that is not here"), CudaRuntime.FirstMissing(libs));
        Assert.Null(CudaRuntime.FirstMissing([("libc.so.6", "the C library")]));
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        Assert.Contains("libgenmetrics-missing.so.7 (a library that is not here) cannot be loaded", CudaRuntime.Problem(libs, () => ["CPUExecutionProvider"]));
        // Every library present but ONNX Runtime's CPU build: the package to install is named.
        Assert.Contains("GenMetrics.Tool.Gpu", CudaRuntime.Problem([("libc.so.6", "the C library")], () => ["CPUExecutionProvider"]));
        Assert.Null(CudaRuntime.Problem([("libc.so.6", "the C library")], () => ["CUDAExecutionProvider", "CPUExecutionProvider"]));
    }

    [Fact]
    public void Device_cuda_without_CUDA_says_which_library_is_missing()
    {
        var (code, _, err) = ShardCli.Run("features", Path.Combine(GenMetrics.Tests.Support.FashionMnist.Dir, "t10k-images-idx3-ubyte.gz"),
            "-e", "random-cnn", "--device", "cuda", "-o", Path.Combine(Path.GetTempPath(), $"gm-{Guid.NewGuid():N}.npy"));
        Assert.Equal(2, code);
        Assert.Contains("--device: cuda:0: ", err);
        var missing = CudaRuntime.FirstMissing(CudaRuntime.Required);
        if (missing is { } m) Assert.Contains($"CUDA is not available here: {m.Library} ({m.What}) cannot be loaded", err);   // this machine: no driver
        else Assert.Contains("GenMetrics.Tool.Gpu", err);   // a GPU machine with the CPU build of ONNX Runtime
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void The_library_refuses_a_cuda_encoder_the_same_way()
    {
        if (CudaRuntime.Problem(CudaRuntime.Required, () => Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders()) is null) return;   // a working GPU
        var e = Assert.Throws<InputException>(() => EncoderRegistry.Open("random-cnn", new EncoderOptions { Device = ComputeDevice.Cuda(0) }));
        Assert.Equal("device", e.Setting);
    }
}
