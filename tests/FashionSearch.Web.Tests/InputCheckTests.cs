using FashionSearch.Web.Api;
using FashionSearch.Web.Health;
using Microsoft.AspNetCore.Http;

namespace FashionSearch.Web.Tests;

/// <summary>The checks that stand between client text and the server: item ids, upload names, readiness.</summary>
public sealed class InputCheckTests
{
    [Theory]
    [InlineData("10081", true)]
    [InlineData("SKU-12_a.v2", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("a..b", false)]
    [InlineData("../etc/passwd", false)]
    [InlineData("..\\windows", false)]
    [InlineData("a/b", false)]
    [InlineData("a%2fb", false)]
    [InlineData("a b", false)]
    [InlineData("a\0b", false)]
    [InlineData("ä", false)]
    public void Item_ids_are_plain_names(string id, bool wellFormed) => Assert.Equal(wellFormed, ItemIds.IsWellFormed(id));

    [Fact]
    public void An_overlong_id_is_refused() => Assert.False(ItemIds.IsWellFormed(new string('a', ItemIds.MaxLength + 1)));

    [Theory]
    [InlineData("holiday.jpg", "holiday.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\shirt.png", "shirt.png")]
    [InlineData("bad'name\n.jpg", "badname.jpg")]
    [InlineData("", "photo")]
    [InlineData(null, "photo")]
    public void Upload_names_lose_their_folders_and_control_characters(string? fileName, string expected) =>
        Assert.Equal(expected, AskFormReader.SafeName(fileName));

    [Fact]
    public async Task The_api_answers_503_until_startup_is_done()
    {
        var readiness = new Readiness();
        var filter = new ReadinessFilter(readiness);
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
        var calls = 0;
        ValueTask<object?> Next(EndpointFilterInvocationContext c) => new(++calls);

        var refused = await Assert.ThrowsAsync<ApiException>(async () => await filter.InvokeAsync(context, Next));
        readiness.MarkReady();
        await filter.InvokeAsync(context, Next);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Status);
        Assert.Equal("5", context.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal(1, calls);
    }
}
