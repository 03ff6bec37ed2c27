namespace GenMetrics.Encoders;

// The mixed blocks, branch for branch as torchvision registers them (which fixes the state_dict order) and as
// pytorch-fid's FIDInception* forward methods concatenate them.
internal sealed partial class FidInceptionGraph
{
    private string InceptionA(string x, string m, int cin, int poolFeatures)
    {
        var b1 = Conv(x, $"{m}.branch1x1", cin, 64, 1);
        var b5 = Conv(x, $"{m}.branch5x5_1", cin, 48, 1);
        b5 = Conv(b5, $"{m}.branch5x5_2", 48, 64, 5, pad: 2);
        var b3 = Conv(x, $"{m}.branch3x3dbl_1", cin, 64, 1);
        b3 = Conv(b3, $"{m}.branch3x3dbl_2", 64, 96, 3, pad: 1);
        b3 = Conv(b3, $"{m}.branch3x3dbl_3", 96, 96, 3, pad: 1);
        var bp = Conv(AvgPoolExcludingPad(x), $"{m}.branch_pool", cin, poolFeatures, 1);
        return Concat(m, b1, b5, b3, bp);
    }

    private string InceptionB(string x, string m, int cin)
    {
        var b3 = Conv(x, $"{m}.branch3x3", cin, 384, 3, stride: 2);
        var bd = Conv(x, $"{m}.branch3x3dbl_1", cin, 64, 1);
        bd = Conv(bd, $"{m}.branch3x3dbl_2", 64, 96, 3, pad: 1);
        bd = Conv(bd, $"{m}.branch3x3dbl_3", 96, 96, 3, stride: 2);
        return Concat(m, b3, bd, MaxPool(x, 2, 0));
    }

    private string InceptionC(string x, string m, int cin, int c7)
    {
        var b1 = Conv(x, $"{m}.branch1x1", cin, 192, 1);
        var b7 = Conv(x, $"{m}.branch7x7_1", cin, c7, 1);
        b7 = Conv(b7, $"{m}.branch7x7_2", c7, c7, 1, 7, 1, 0, 3);
        b7 = Conv(b7, $"{m}.branch7x7_3", c7, 192, 7, 1, 1, 3, 0);
        var bd = Conv(x, $"{m}.branch7x7dbl_1", cin, c7, 1);
        bd = Conv(bd, $"{m}.branch7x7dbl_2", c7, c7, 7, 1, 1, 3, 0);
        bd = Conv(bd, $"{m}.branch7x7dbl_3", c7, c7, 1, 7, 1, 0, 3);
        bd = Conv(bd, $"{m}.branch7x7dbl_4", c7, c7, 7, 1, 1, 3, 0);
        bd = Conv(bd, $"{m}.branch7x7dbl_5", c7, 192, 1, 7, 1, 0, 3);
        var bp = Conv(AvgPoolExcludingPad(x), $"{m}.branch_pool", cin, 192, 1);
        return Concat(m, b1, b7, bd, bp);
    }

    private string InceptionD(string x, string m, int cin)
    {
        var b3 = Conv(x, $"{m}.branch3x3_1", cin, 192, 1);
        b3 = Conv(b3, $"{m}.branch3x3_2", 192, 320, 3, stride: 2);
        var b7 = Conv(x, $"{m}.branch7x7x3_1", cin, 192, 1);
        b7 = Conv(b7, $"{m}.branch7x7x3_2", 192, 192, 1, 7, 1, 0, 3);
        b7 = Conv(b7, $"{m}.branch7x7x3_3", 192, 192, 7, 1, 1, 3, 0);
        b7 = Conv(b7, $"{m}.branch7x7x3_4", 192, 192, 3, stride: 2);
        return Concat(m, b3, b7, MaxPool(x, 2, 0));
    }

    // Mixed_7b (FIDInceptionE_1) pools by averaging without the padding; Mixed_7c (FIDInceptionE_2) by max pooling.
    private string InceptionE(string x, string m, int cin, bool maxPoolBranch)
    {
        var b1 = Conv(x, $"{m}.branch1x1", cin, 320, 1);
        var b3 = Conv(x, $"{m}.branch3x3_1", cin, 384, 1);
        var b3a = Conv(b3, $"{m}.branch3x3_2a", 384, 384, 1, 3, 1, 0, 1);
        var b3b = Conv(b3, $"{m}.branch3x3_2b", 384, 384, 3, 1, 1, 1, 0);
        var bd = Conv(x, $"{m}.branch3x3dbl_1", cin, 448, 1);
        bd = Conv(bd, $"{m}.branch3x3dbl_2", 448, 384, 3, pad: 1);
        var bda = Conv(bd, $"{m}.branch3x3dbl_3a", 384, 384, 1, 3, 1, 0, 1);
        var bdb = Conv(bd, $"{m}.branch3x3dbl_3b", 384, 384, 3, 1, 1, 1, 0);
        var pooled = maxPoolBranch ? MaxPool(x, 1, 1) : AvgPoolExcludingPad(x);
        var bp = Conv(pooled, $"{m}.branch_pool", cin, 192, 1);
        // torch.cat([branch1x1, cat(3x3_2a, 3x3_2b), cat(3x3dbl_3a, 3x3dbl_3b), pool]) is one flat concat.
        return Concat(m, b1, b3a, b3b, bda, bdb, bp);
    }
}
