namespace GenMetrics.Formats;

/// <summary>The tensor element types GenMetrics reads from torch checkpoints.</summary>
internal enum TorchDType : byte
{
    Float32,
    Float16,
    BFloat16,
    Float64,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}

internal static class TorchDTypes
{
    public static int Size(this TorchDType t) => t switch
    {
        TorchDType.Float64 or TorchDType.Int64 => 8,
        TorchDType.Float32 or TorchDType.Int32 => 4,
        TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Int16 => 2,
        _ => 1,
    };

    public static bool IsFloatingPoint(this TorchDType t) =>
        t is TorchDType.Float32 or TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Float64;

    /// <summary>torch's name for the dtype ("float32", "int64", "bool").</summary>
    public static string Name(this TorchDType t) => t switch
    {
        TorchDType.Float32 => "float32",
        TorchDType.Float16 => "float16",
        TorchDType.BFloat16 => "bfloat16",
        TorchDType.Float64 => "float64",
        TorchDType.Int64 => "int64",
        TorchDType.Int32 => "int32",
        TorchDType.Int16 => "int16",
        TorchDType.Int8 => "int8",
        TorchDType.UInt8 => "uint8",
        _ => "bool",
    };

    /// <summary>
    /// The storage classes torch pickles as the type in a storage's persistent id ("torch.FloatStorage"), and
    /// torch.UntypedStorage (bytes), as torch/storage.py's _get_dtype_from_pickle_storage_type maps them.
    /// </summary>
    public static TorchDType? FromStorageName(string name) => name switch
    {
        "FloatStorage" => TorchDType.Float32,
        "HalfStorage" => TorchDType.Float16,
        "BFloat16Storage" => TorchDType.BFloat16,
        "DoubleStorage" => TorchDType.Float64,
        "LongStorage" => TorchDType.Int64,
        "IntStorage" => TorchDType.Int32,
        "ShortStorage" => TorchDType.Int16,
        "CharStorage" => TorchDType.Int8,
        "ByteStorage" or "UntypedStorage" => TorchDType.UInt8,
        "BoolStorage" => TorchDType.Bool,
        _ => null,
    };

    /// <summary>The dtype objects (torch.float32, torch.half, ...) as globals, for pickles that hold a dtype.</summary>
    public static TorchDType? FromDTypeName(string name) => name switch
    {
        "float32" or "float" => TorchDType.Float32,
        "float16" or "half" => TorchDType.Float16,
        "bfloat16" => TorchDType.BFloat16,
        "float64" or "double" => TorchDType.Float64,
        "int64" or "long" => TorchDType.Int64,
        "int32" or "int" => TorchDType.Int32,
        "int16" or "short" => TorchDType.Int16,
        "int8" => TorchDType.Int8,
        "uint8" => TorchDType.UInt8,
        "bool" => TorchDType.Bool,
        _ => null,
    };
}
