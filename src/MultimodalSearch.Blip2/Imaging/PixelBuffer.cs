using System.Buffers;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// A scratch byte buffer: pooled when small enough to be worth keeping, a plain array when large (a pool
/// that kept a 200 MB decode buffer would hold it for the process's life).
/// </summary>
internal readonly struct PixelBuffer : IDisposable
{
    private const int MaxPooledBytes = 16 * 1024 * 1024;
    private readonly byte[] _array;
    private readonly bool _pooled;

    private PixelBuffer(byte[] array, int length, bool pooled)
    {
        _array = array;
        _pooled = pooled;
        Length = length;
    }

    /// <summary>Gets the usable length.</summary>
    public int Length { get; }

    /// <summary>Gets the usable bytes (not cleared).</summary>
    public Span<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Gets a buffer of at least <paramref name="length"/> bytes.</summary>
    /// <param name="length">The bytes needed.</param>
    /// <returns>The buffer; dispose it to return it.</returns>
    public static PixelBuffer Rent(int length) => length <= MaxPooledBytes
        ? new PixelBuffer(ArrayPool<byte>.Shared.Rent(length), length, true)
        : new PixelBuffer(GC.AllocateUninitializedArray<byte>(length), length, false);

    /// <summary>Returns the buffer to the pool when it came from there.</summary>
    public void Dispose()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
