using System.Security.Cryptography;
using FashionSearch.Web.Options;
using Microsoft.Extensions.Options;

namespace FashionSearch.Web.Uploads;

/// <summary>
/// Keeps uploaded photos in memory under random ids, so that a follow-up can refer to the photo of an earlier turn.
/// Bounded: at most <see cref="UploadSettings.MaxCount"/> photos and <see cref="UploadSettings.MaxTotalBytes"/> bytes,
/// each for <see cref="UploadSettings.Expiry"/>; the oldest goes first. Ids come only from here, so a client cannot
/// name anything it was not given. Thread-safe.
/// </summary>
internal sealed class UploadCache(IOptions<WebAppOptions> options, TimeProvider time)
{
    private readonly UploadSettings _settings = options.Value.Uploads;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _oldestFirst = new();
    private long _bytes;

    /// <summary>Gets the number of photos held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Gets the bytes held.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Keeps a photo and returns its new id.</summary>
    /// <param name="bytes">The encoded photo (already within the size limit).</param>
    /// <returns>A random id (22 URL-safe characters).</returns>
    public string Add(ReadOnlyMemory<byte> bytes)
    {
        var id = NewId();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            RemoveExpired(now);
            while (_byId.Count >= _settings.MaxCount || (_byId.Count > 0 && _bytes + bytes.Length > _settings.MaxTotalBytes))
            {
                Remove(_oldestFirst.First!);
            }

            _byId[id] = _oldestFirst.AddLast(new Entry(id, bytes, now + _settings.Expiry));
            _bytes += bytes.Length;
        }

        return id;
    }

    /// <summary>Gets a photo by id.</summary>
    /// <param name="id">The id given by <see cref="Add"/>.</param>
    /// <returns>The photo, or null when the id is unknown or expired.</returns>
    public ReadOnlyMemory<byte>? Get(string id)
    {
        lock (_gate)
        {
            RemoveExpired(time.GetUtcNow());
            return _byId.TryGetValue(id, out var node) ? node.Value.Bytes : (ReadOnlyMemory<byte>?)null;
        }
    }

    /// <summary>Forgets a photo (one that the workflow refused).</summary>
    /// <param name="id">The id.</param>
    public void Remove(string id)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out var node))
            {
                Remove(node);
            }
        }
    }

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void RemoveExpired(DateTimeOffset now)
    {
        while (_oldestFirst.First is { } first && first.Value.Expires <= now)
        {
            Remove(first);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _oldestFirst.Remove(node);
        _byId.Remove(node.Value.Id);
        _bytes -= node.Value.Bytes.Length;
    }

    private sealed record Entry(string Id, ReadOnlyMemory<byte> Bytes, DateTimeOffset Expires);
}
