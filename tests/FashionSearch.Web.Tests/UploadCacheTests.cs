using FashionSearch.Web.Options;
using FashionSearch.Web.Uploads;

namespace FashionSearch.Web.Tests;

/// <summary>The server-side cache of uploaded photos stays bounded in count, bytes and time.</summary>
public sealed class UploadCacheTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void Photos_come_back_by_their_random_id_and_unknown_ids_give_nothing()
    {
        var cache = Cache(maxCount: 4, maxBytes: 1000);
        var id = cache.Add(new byte[] { 1, 2, 3 });

        Assert.Matches("^[A-Za-z0-9_-]{22}$", id);
        Assert.Equal(new byte[] { 1, 2, 3 }, cache.Get(id)!.Value.ToArray());
        Assert.Null(cache.Get("forged-reference-0000000"));
        Assert.NotEqual(id, cache.Add(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void The_oldest_photo_goes_when_the_count_cap_is_reached()
    {
        var cache = Cache(maxCount: 3, maxBytes: 1_000_000);
        var ids = Enumerable.Range(0, 10).Select(i => cache.Add(new byte[10])).ToList();

        Assert.Equal(3, cache.Count);
        Assert.All(ids[..7], id => Assert.Null(cache.Get(id)));
        Assert.All(ids[7..], id => Assert.NotNull(cache.Get(id)));
    }

    [Fact]
    public void The_byte_cap_holds()
    {
        var cache = Cache(maxCount: 100, maxBytes: 2048);
        for (var i = 0; i < 50; i++)
        {
            cache.Add(new byte[1024]);
            Assert.True(cache.Bytes <= 2048, cache.Bytes.ToString());
        }

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Photos_expire()
    {
        var cache = Cache(maxCount: 10, maxBytes: 1_000_000);
        var id = cache.Add(new byte[10]);
        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(cache.Get(id));

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(cache.Get(id));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_removed_photo_is_gone()
    {
        var cache = Cache(maxCount: 10, maxBytes: 1_000_000);
        var id = cache.Add(new byte[10]);
        cache.Remove(id);

        Assert.Null(cache.Get(id));
        Assert.Equal(0, cache.Bytes);
    }

    private UploadCache Cache(int maxCount, long maxBytes)
    {
        var options = new WebAppOptions();
        options.Uploads.MaxCount = maxCount;
        options.Uploads.MaxTotalBytes = maxBytes;
        options.Uploads.Expiry = TimeSpan.FromMinutes(30);
        return new UploadCache(Microsoft.Extensions.Options.Options.Create(options), _time);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
