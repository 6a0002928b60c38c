using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class GifFirstFrameTests
{
    // GIF89a, 4 x 4 canvas, a global table of 2 colours: (1, 2, 3) and (4, 5, 6).
    private static readonly byte[] Header = [.. "GIF89a"u8, 4, 0, 4, 0, 0x80, 0, 0, 1, 2, 3, 4, 5, 6];
    private static readonly byte[] Transparency1 = [0x21, 0xF9, 4, 0x01, 0, 0, 1, 0];
    private static readonly byte[] Comment = [0x21, 0xFE, 3, (byte)'h', (byte)'i', (byte)'!', 0];
    private static readonly byte[] Frame = [0x2C, 1, 0, 1, 0, 2, 0, 2, 0, 0];
    private static readonly byte[] FrameWithLocalTable = [0x2C, 1, 0, 1, 0, 2, 0, 2, 0, 0x80, 7, 8, 9, 10, 11, 12];

    [Fact]
    public void Without_transparency_the_fill_is_palette_index_zero()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, Fill([.. Header, .. Comment, .. Frame]));
    }

    [Fact]
    public void With_transparency_the_fill_is_the_transparent_index()
    {
        Assert.Equal(new byte[] { 4, 5, 6 }, Fill([.. Header, .. Comment, .. Transparency1, .. Frame]));
    }

    [Fact]
    public void A_local_colour_table_takes_precedence()
    {
        Assert.Equal(new byte[] { 10, 11, 12 }, Fill([.. Header, .. Transparency1, .. FrameWithLocalTable]));
    }

    [Fact]
    public void A_file_cut_before_the_first_frame_has_no_fill()
    {
        Span<byte> rgb = stackalloc byte[3];

        Assert.False(GifFirstFrame.TryGetFillColour([.. Header, .. Transparency1], rgb));
        Assert.False(GifFirstFrame.TryGetFillColour(Header.AsSpan(0, 10), rgb));
    }

    private static byte[] Fill(byte[] gif)
    {
        var rgb = new byte[3];
        Assert.True(GifFirstFrame.TryGetFillColour(gif, rgb));
        return rgb;
    }
}
