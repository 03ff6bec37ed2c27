namespace GenMetrics.Encoders;

/// <summary>The LPIPS backbone (lpips' <c>net</c> argument): torchvision's AlexNet (the default), VGG16 or SqueezeNet 1.1.</summary>
internal enum LpipsNet
{
    Alex,
    Vgg,
    Squeeze,
}
