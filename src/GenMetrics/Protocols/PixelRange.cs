namespace GenMetrics.Protocols;

/// <summary>Which value range a protocol resizes in, and so how it maps the result to the network's [-1, 1].</summary>
public enum PixelRange
{
    /// <summary>Resize the 0..255 values as float32, then <c>(x - 128) / 128</c> (torch-fidelity, clean-fid).</summary>
    Zero255,

    /// <summary><c>x / 255</c> first (torchvision's ToTensor), resize, then <c>2x - 1</c> (pytorch-fid).</summary>
    Unit,
}
