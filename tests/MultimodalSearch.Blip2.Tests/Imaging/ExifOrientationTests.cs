using MultimodalSearch.Blip2.Imaging;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class ExifOrientationTests
{
    // The stored image, 3 x 2:  a b c
    //                           d e f
    public static TheoryData<string, int, string> Cases => new()
    {
        { nameof(SKEncodedOrigin.TopLeft), 3, "abcdef" },
        { nameof(SKEncodedOrigin.TopRight), 3, "cbafed" },
        { nameof(SKEncodedOrigin.BottomRight), 3, "fedcba" },
        { nameof(SKEncodedOrigin.BottomLeft), 3, "defabc" },
        { nameof(SKEncodedOrigin.LeftTop), 2, "adbecf" },
        { nameof(SKEncodedOrigin.RightTop), 2, "daebfc" },
        { nameof(SKEncodedOrigin.RightBottom), 2, "fcebda" },
        { nameof(SKEncodedOrigin.LeftBottom), 2, "cfbead" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_orientation_puts_the_pixels_where_the_tag_says(string originName, int expectedWidth, string expected)
    {
        var origin = Enum.Parse<SKEncodedOrigin>(originName);
        var stored = "abcdef".SelectMany(c => new[] { (byte)c, (byte)0, (byte)0, (byte)255 }).ToArray();
        var upright = new byte[stored.Length];

        ExifOrientation.Apply(stored, 3, 2, origin, upright);

        Assert.Equal(expectedWidth == 2, ExifOrientation.SwapsAxes(origin));
        Assert.Equal(expected, new string(upright.Where((_, i) => i % 4 == 0).Select(b => (char)b).ToArray()));
    }
}
