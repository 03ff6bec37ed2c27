namespace GenMetrics.Encoders;

/// <summary>The LPIPS backbone (lpips' <c>net</c> argument): torchvision's AlexNet (the default), VGG16 or SqueezeNet 1.1.</summary>
public enum LpipsNet
{
    /// <summary>AlexNet (alexnet-owt-7be5be79.pth): lpips' default and its best-calibrated network.</summary>
    Alex,

    /// <summary>VGG16 (vgg16-397923af.pth): the network torch-fidelity's PPL measures with.</summary>
    Vgg,

    /// <summary>SqueezeNet 1.1 (squeezenet1_1-b8a52dc0.pth): the smallest.</summary>
    Squeeze,
}
